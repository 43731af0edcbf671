#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace sb::utf8;

std::vector<uint32_t> code_points(std::string_view s) {
    std::vector<uint32_t> out;
    for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
    return out;
}

TEST(Utf8, DecodesEachLength) {
    EXPECT_EQ(code_points("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), (std::vector<uint32_t>{'a', 0xE9, 0x20AC, 0x1F600}));
}

TEST(Utf8, MalformedBytesAreOneReplacementEach) {
    const uint32_t r = k_replacement_character;
    EXPECT_EQ(code_points("\xFF"), (std::vector<uint32_t>{r}));
    EXPECT_EQ(code_points("\xC3"), (std::vector<uint32_t>{r}));                   // truncated
    EXPECT_EQ(code_points("\xC3z"), (std::vector<uint32_t>{r, 'z'}));            // bad continuation
    EXPECT_EQ(code_points("\xC0\xAF"), (std::vector<uint32_t>{r, r}));           // overlong '/'
    EXPECT_EQ(code_points("\xED\xA0\x80"), (std::vector<uint32_t>{r, r, r}));    // surrogate
    EXPECT_EQ(code_points("\xF4\x90\x80\x80"), (std::vector<uint32_t>{r, r, r, r}));  // past U+10FFFF
}

TEST(Utf8, ValidTextIsUnchanged) {
    for (std::string s : {"", "plain", "\xC3\xA9t\xC3\xA9", "\xEF\xBF\xBD already a replacement"})
        EXPECT_EQ(valid_or_replaced(s), s);
    const std::string with_nul("a\0b", 3);
    EXPECT_EQ(valid_or_replaced(with_nul), with_nul);
}

TEST(Utf8, MalformedBytesAreReplaced) {
    EXPECT_EQ(valid_or_replaced(std::string_view("\0\xFF", 2)), std::string("\0\xEF\xBF\xBD", 4));
    EXPECT_EQ(valid_or_replaced("k\xC3"), "k\xEF\xBF\xBD");
    EXPECT_EQ(valid_or_replaced("\x01\xFE"), "\x01\xEF\xBF\xBD");
    EXPECT_EQ(valid_or_replaced("\xC3\xA9\xE9"), "\xC3\xA9\xEF\xBF\xBD");
}

}  // namespace

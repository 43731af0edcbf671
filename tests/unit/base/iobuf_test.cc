#include "base/iobuf.h"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Iobuf, AppendPacksSmallWritesIntoOneChunk) {
    sb::iobuf b;
    b.append(std::string_view("hello "));
    b.append(std::string_view("world"));
    EXPECT_EQ(b.size_bytes(), 11u);
    EXPECT_EQ(b.fragments().size(), 1u);
    EXPECT_EQ(b.to_string(), "hello world");
}

TEST(Iobuf, LargeAppendSpansChunks) {
    std::string big(3 * sb::iobuf::k_default_chunk_bytes + 17, 'x');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    sb::iobuf b;
    b.append(std::string_view("<"));
    b.append(big);
    EXPECT_EQ(b.size_bytes(), big.size() + 1);
    EXPECT_EQ(b.to_string(), "<" + big);
}

TEST(Iobuf, ShareIsZeroCopyAndIndependentOfLaterAppends) {
    sb::iobuf b = sb::iobuf::copy_of(std::string_view("0123456789"));
    sb::iobuf view = b.share(2, 5);
    EXPECT_EQ(view.to_string(), "23456");
    EXPECT_EQ(view.fragments()[0].chunk.get(), b.fragments()[0].chunk.get());
    // Appending to the view must not write into b's chunk.
    view.append(std::string_view("!"));
    EXPECT_EQ(view.to_string(), "23456!");
    EXPECT_EQ(b.to_string(), "0123456789");
    b.append(std::string_view("ab"));
    EXPECT_EQ(view.to_string(), "23456!");
}

TEST(Iobuf, ShareAcrossFragmentsAndTrimFront) {
    sb::iobuf a = sb::iobuf::copy_of(std::string_view("abc"));
    sb::iobuf b = sb::iobuf::copy_of(std::string_view("defg"));
    a.append(std::move(b));
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(a.fragments().size(), 2u);
    EXPECT_EQ(a.share(1, 5).to_string(), "bcdef");
    EXPECT_EQ(a.share(3, 0).size_bytes(), 0u);
    a.trim_front(4);
    EXPECT_EQ(a.to_string(), "efg");
    EXPECT_EQ(a.fragments().size(), 1u);
    a.trim_front(3);
    EXPECT_TRUE(a.empty());
}

TEST(Iobuf, AllocateGivesWritableSingleFragment) {
    sb::iobuf b = sb::iobuf::allocate(4);
    uint8_t* p = b.writable_data();
    p[0] = 'k'; p[1] = 'a'; p[2] = 'f'; p[3] = 'k';
    EXPECT_EQ(b.to_string(), "kafk");
    std::vector<uint8_t> out(2);
    b.copy_to(1, out);
    EXPECT_EQ(out[0], 'a');
    EXPECT_EQ(out[1], 'f');
}

}  // namespace

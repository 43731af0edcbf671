#include "base/utf8.h"

#include <cassert>

namespace sb::utf8 {

uint32_t next_code_point(std::string_view s, std::size_t& i) {
    assert(i < s.size());
    const auto byte_at = [&](std::size_t k) { return static_cast<uint8_t>(s[k]); };
    const uint8_t lead = byte_at(i);
    std::size_t length = 0;
    uint32_t code_point = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code_point = lead & 0x07;
    } else {
        ++i;
        return k_replacement_character;
    }
    if (i + length > s.size()) {
        ++i;
        return k_replacement_character;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte_at(i + k) & 0xC0) != 0x80) {
            ++i;
            return k_replacement_character;
        }
        code_point = (code_point << 6) | (byte_at(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed too.
    constexpr uint32_t k_min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < k_min_for_length[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        ++i;
        return k_replacement_character;
    }
    i += length;
    return code_point;
}

std::string valid_or_replaced(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const uint32_t cp = next_code_point(s, i);
        // One byte yielding U+FFFD is a malformed byte; U+FFFD in the text takes three.
        if (cp == k_replacement_character && i == start + 1)
            out += "\xEF\xBF\xBD";
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

}  // namespace sb::utf8

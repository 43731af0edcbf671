#include "kafka/groups/coordinator_partition.h"

#include <cassert>
#include <limits>

namespace sb::kafka::groups {
namespace {

constexpr uint32_t k_replacement_character = 0xFFFD;

// Decodes one code point starting at `i`, advancing `i`; a malformed sequence yields the
// replacement character and consumes one byte.
uint32_t next_code_point(std::string_view s, std::size_t& i) {
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

}  // namespace

int32_t java_string_hash(std::string_view utf8) {
    uint32_t hash = 0;  // unsigned: Java's int arithmetic wraps, C++'s signed would overflow
    const auto add_unit = [&](uint32_t unit) { hash = hash * 31 + unit; };
    for (std::size_t i = 0; i < utf8.size();) {
        const uint32_t code_point = next_code_point(utf8, i);
        if (code_point >= 0x10000) {
            const uint32_t v = code_point - 0x10000;
            add_unit(0xD800 + (v >> 10));
            add_unit(0xDC00 + (v & 0x3FF));
        } else {
            add_unit(code_point);
        }
    }
    return static_cast<int32_t>(hash);
}

int32_t partition_for_group(std::string_view group_id, int32_t partition_count) {
    assert(partition_count > 0);
    const int32_t hash = java_string_hash(group_id);
    // Kafka's Utils.abs maps INT32_MIN to 0 rather than overflowing.
    const int32_t non_negative = hash == std::numeric_limits<int32_t>::min() ? 0 : (hash < 0 ? -hash : hash);
    return non_negative % partition_count;
}

}  // namespace sb::kafka::groups

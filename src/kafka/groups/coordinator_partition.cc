#include "kafka/groups/coordinator_partition.h"

#include <cassert>
#include <limits>

#include "base/utf8.h"

namespace sb::kafka::groups {

int32_t java_string_hash(std::string_view utf8) {
    uint32_t hash = 0;  // unsigned: Java's int arithmetic wraps, C++'s signed would overflow
    const auto add_unit = [&](uint32_t unit) { hash = hash * 31 + unit; };
    for (std::size_t i = 0; i < utf8.size();) {
        const uint32_t code_point = sb::utf8::next_code_point(utf8, i);
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

#pragma once
// The batches the crash-test writer appends, reproducible by the checker: the batch that
// starts at offset o holds k_crash_records_per_batch records whose keys and values are
// derived from o alone, so the expected bytes of every acknowledged batch can be rebuilt.

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/record_batch.h"
#include "protocol/record_batch_builder.h"

namespace sb::storage::testing {

inline constexpr int k_crash_records_per_batch = 4;
inline constexpr int32_t k_crash_leader_epoch = 3;

// The batch as the log stores it when appended at `base_offset` (offset and epoch patched).
inline std::vector<uint8_t> crash_batch(int64_t base_offset) {
    protocol::record_batch_builder b;
    uint64_t x = static_cast<uint64_t>(base_offset) * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < k_crash_records_per_batch; ++i) {
        std::string value(200 + (x % 300), '\0');
        for (auto& c : value) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            c = static_cast<char>('a' + x % 26);
        }
        b.add(1'700'000'000'000 + base_offset + i, "key-" + std::to_string(base_offset + i), value);
    }
    auto bytes = b.build().value();
    protocol::patch_base_offset(bytes, base_offset);
    protocol::patch_partition_leader_epoch(bytes, k_crash_leader_epoch);
    return bytes;
}

}  // namespace sb::storage::testing

#include "cluster/partition_id.h"

namespace sb::cluster {

uint64_t stable_hash(const partition_id& id) {
    constexpr uint64_t k_fnv_offset_basis = 14695981039346656037ull;
    constexpr uint64_t k_fnv_prime = 1099511628211ull;
    uint64_t h = k_fnv_offset_basis;
    auto mix = [&h](uint8_t b) {
        h ^= b;
        h *= k_fnv_prime;
    };
    for (uint8_t b : id.topic_id.bytes) mix(b);
    const auto p = static_cast<uint32_t>(id.partition);
    for (int shift = 24; shift >= 0; shift -= 8) mix(static_cast<uint8_t>(p >> shift));
    return h;
}

}  // namespace sb::cluster

#include "sim/state_hash.h"

#include <array>
#include <cassert>
#include <cstring>

namespace sb::raft::sim {

namespace {

constexpr uint64_t k_fnv_offset = 0xcbf29ce484222325ULL;
constexpr uint64_t k_fnv_prime = 0x100000001b3ULL;

uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

}  // namespace

uint64_t payload_hash(const payload& data) {
    uint64_t h = k_fnv_offset;
    for (const auto& fragment : data.bytes().fragments()) {
        for (uint8_t b : fragment.bytes()) h = (h ^ b) * k_fnv_prime;
    }
    return h;
}

uint64_t chain_next(uint64_t previous, term_id term, uint64_t data_hash) {
    return mix(previous ^ mix(static_cast<uint64_t>(term) + 0x9e3779b97f4a7c15ULL) ^
               mix(data_hash));
}

payload encode_state(uint64_t chain) {
    sb::iobuf buf = sb::iobuf::allocate(sizeof(chain));
    std::memcpy(buf.writable_data(), &chain, sizeof(chain));
    return payload{std::move(buf)};
}

uint64_t decode_state(const payload& data) {
    assert(data.size_bytes() == sizeof(uint64_t));
    std::array<uint8_t, sizeof(uint64_t)> raw{};
    data.bytes().copy_to(0, raw);
    uint64_t chain = 0;
    std::memcpy(&chain, raw.data(), sizeof(chain));
    return chain;
}

}  // namespace sb::raft::sim

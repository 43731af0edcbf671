#pragma once
// The bytes each message carries, and its key.
//
// A payload is `messageSize` bytes. Its first 8 bytes are the time the message was due
// (little-endian nanoseconds on the steady clock of the load generator, which both
// produces and consumes), so that a consumer can measure end-to-end latency from the
// message alone. The rest is `randomBytesRatio` random bytes followed by text that
// compresses well, so codecs meet realistic data.

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "loadgen/core/workload.h"

namespace sb::loadgen {

inline constexpr std::size_t k_send_time_bytes = 8;

// A template payload for one producer; `seed` makes producers' random bytes differ.
std::vector<uint8_t> make_payload_template(int size_bytes, double random_bytes_ratio, uint64_t seed);

void stamp_send_time(std::span<uint8_t> payload, int64_t due_ns);
// The send time a payload carries; nullopt when the payload is too short to hold one.
std::optional<int64_t> read_send_time(std::span<const uint8_t> payload);

// Keys per workload's keyDistributor. One per producer thread (not thread-safe).
class key_generator {
public:
    // Keys that KEY_ROUND_ROBIN cycles through.
    static constexpr int k_round_robin_keys = 1000;

    key_generator(key_distributor kind, uint64_t seed);
    // The next message's key; nullopt for NO_KEY. The view is valid until the next call.
    std::optional<std::string_view> next();

private:
    key_distributor kind_;
    std::mt19937_64 random_;
    uint64_t round_robin_next_ = 0;
    std::string current_;
};

}  // namespace sb::loadgen

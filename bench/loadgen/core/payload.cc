#include "loadgen/core/payload.h"

#include <cstring>

#include <fmt/format.h>

namespace sb::loadgen {

std::vector<uint8_t> make_payload_template(int size_bytes, double random_bytes_ratio, uint64_t seed) {
    std::vector<uint8_t> out(static_cast<std::size_t>(size_bytes), 0);
    std::mt19937_64 random(seed);
    const std::size_t body = out.size() - k_send_time_bytes;
    const auto random_bytes = static_cast<std::size_t>(static_cast<double>(body) * random_bytes_ratio);
    std::size_t i = k_send_time_bytes;
    for (; i < k_send_time_bytes + random_bytes; ++i) out[i] = static_cast<uint8_t>(random());
    static constexpr std::string_view k_text = "streambus load generator compressible payload. ";
    for (std::size_t j = 0; i < out.size(); ++i, ++j) out[i] = static_cast<uint8_t>(k_text[j % k_text.size()]);
    return out;
}

void stamp_send_time(std::span<uint8_t> payload, int64_t due_ns) {
    auto v = static_cast<uint64_t>(due_ns);
    for (std::size_t i = 0; i < k_send_time_bytes; ++i) payload[i] = static_cast<uint8_t>(v >> (8 * i));
}

std::optional<int64_t> read_send_time(std::span<const uint8_t> payload) {
    if (payload.size() < k_send_time_bytes) return std::nullopt;
    uint64_t v = 0;
    for (std::size_t i = 0; i < k_send_time_bytes; ++i) v |= uint64_t{payload[i]} << (8 * i);
    return static_cast<int64_t>(v);
}

key_generator::key_generator(key_distributor kind, uint64_t seed) : kind_(kind), random_(seed) {
    round_robin_next_ = seed % k_round_robin_keys;
}

std::optional<std::string_view> key_generator::next() {
    switch (kind_) {
        case key_distributor::no_key:
            return std::nullopt;
        case key_distributor::key_round_robin:
            current_ = fmt::format("key-{:04}", round_robin_next_);
            round_robin_next_ = (round_robin_next_ + 1) % k_round_robin_keys;
            return std::string_view(current_);
        case key_distributor::random_nano:
            current_ = fmt::format("{}", random_());
            return std::string_view(current_);
    }
    return std::nullopt;
}

}  // namespace sb::loadgen

#pragma once
// Limits of the Kafka wire encoding that the codec enforces on both sides.

#include <cstddef>
#include <cstdint>

namespace sb::protocol {

// Kafka strings carry at most 32767 bytes: the classic length prefix is an int16, and
// Kafka rejects longer compact strings too so that both encodings accept the same set.
constexpr std::size_t k_max_string_bytes = 0x7FFF;

// A tagged-field section may not list more fields than bytes remain (each needs at least
// two: tag and size), so its count is bounded by the frame; this caps it further so that
// a hostile count is rejected before any work is done.
constexpr uint32_t k_max_tagged_fields = 1024;

}  // namespace sb::protocol

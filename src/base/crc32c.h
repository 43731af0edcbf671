#pragma once
// CRC-32C (Castagnoli), the checksum of Kafka record batches (v2) and of our own files.
// Uses the SSE4.2 crc32 instruction when the CPU has it (checked once at start-up),
// otherwise a portable slicing-by-8 table implementation. Both give identical results.

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::crc32c {

// Extends `crc` (the value returned by a previous call, or 0 to start) over `data`.
uint32_t extend(uint32_t crc, const void* data, std::size_t size);

inline uint32_t value(const void* data, std::size_t size) { return extend(0, data, size); }
inline uint32_t value(std::span<const std::byte> bytes) { return extend(0, bytes.data(), bytes.size()); }

// The two implementations, exposed so tests and benchmarks can compare them.
uint32_t extend_portable(uint32_t crc, const void* data, std::size_t size);
uint32_t extend_hardware(uint32_t crc, const void* data, std::size_t size);  // requires SSE4.2
bool hardware_available();

}  // namespace sb::crc32c

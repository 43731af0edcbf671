#pragma once
// Variable-length integers as Kafka encodes them.
// - Unsigned varint (protocol compact lengths, tagged fields): base-128, little-endian groups.
// - Signed varint/varlong (record fields): zigzag first, then the unsigned form.
// Decoders never read past `end` and reject over-long encodings (more than 5 / 10 bytes).

#include <cstddef>
#include <cstdint>
#include <optional>

namespace sb::varint {

constexpr std::size_t k_max_bytes32 = 5;
constexpr std::size_t k_max_bytes64 = 10;

constexpr uint32_t zigzag32(int32_t v) { return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31); }
constexpr uint64_t zigzag64(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
constexpr int32_t unzigzag32(uint32_t v) { return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1)); }
constexpr int64_t unzigzag64(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

constexpr std::size_t size_unsigned(uint64_t v) {
    std::size_t n = 1;
    while (v >= 0x80) { v >>= 7; ++n; }
    return n;
}
constexpr std::size_t size_signed32(int32_t v) { return size_unsigned(zigzag32(v)); }
constexpr std::size_t size_signed64(int64_t v) { return size_unsigned(zigzag64(v)); }

// Writes v at out (which must have room for size_unsigned(v) bytes); returns bytes written.
inline std::size_t write_unsigned(uint64_t v, uint8_t* out) {
    std::size_t n = 0;
    while (v >= 0x80) { out[n++] = static_cast<uint8_t>(v | 0x80); v >>= 7; }
    out[n++] = static_cast<uint8_t>(v);
    return n;
}

struct decoded64 {
    uint64_t value;
    std::size_t size;
};

// Reads an unsigned varint of at most max_bytes from [p, end). nullopt if truncated or too long.
inline std::optional<decoded64> read_unsigned(const uint8_t* p, const uint8_t* end, std::size_t max_bytes) {
    uint64_t v = 0;
    for (std::size_t i = 0; i < max_bytes; ++i) {
        if (p + i >= end) return std::nullopt;
        uint8_t b = p[i];
        v |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
            // The last byte of a 5-byte 32-bit varint may only carry 4 bits.
            if (max_bytes == k_max_bytes32 && i == 4 && (b & 0xF0) != 0) return std::nullopt;
            return decoded64{v, i + 1};
        }
    }
    return std::nullopt;
}

}  // namespace sb::varint

#include "protocol/uuid.h"

#include <cassert>

namespace sb::protocol {
namespace {

constexpr std::string_view k_base64url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Value of one base64url character, or -1.
int base64url_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

}  // namespace

std::string uuid::to_string() const {
    std::string out;
    out.reserve(k_text_size_chars);
    // 16 bytes = five 3-byte groups (20 chars) and one trailing byte (2 chars).
    std::size_t i = 0;
    for (; i + 3 <= k_size_bytes; i += 3) {
        const uint32_t group = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out.push_back(k_base64url_alphabet[(group >> 18) & 0x3F]);
        out.push_back(k_base64url_alphabet[(group >> 12) & 0x3F]);
        out.push_back(k_base64url_alphabet[(group >> 6) & 0x3F]);
        out.push_back(k_base64url_alphabet[group & 0x3F]);
    }
    const uint32_t last = bytes[i];
    out.push_back(k_base64url_alphabet[(last >> 2) & 0x3F]);
    out.push_back(k_base64url_alphabet[(last << 4) & 0x3F]);
    assert(out.size() == k_text_size_chars);
    return out;
}

std::optional<uuid> uuid::from_string(std::string_view text) {
    if (text.size() != k_text_size_chars) return std::nullopt;
    uuid out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i + 3 <= k_size_bytes; i += 3, pos += 4) {
        uint32_t group = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int v = base64url_value(text[pos + k]);
            if (v < 0) return std::nullopt;
            group = (group << 6) | static_cast<uint32_t>(v);
        }
        out.bytes[i] = static_cast<uint8_t>(group >> 16);
        out.bytes[i + 1] = static_cast<uint8_t>(group >> 8);
        out.bytes[i + 2] = static_cast<uint8_t>(group);
    }
    const int hi = base64url_value(text[pos]);
    const int lo = base64url_value(text[pos + 1]);
    // The last character carries 2 bits of the final byte and 4 padding bits that must be 0.
    if (hi < 0 || lo < 0 || (lo & 0x0F) != 0) return std::nullopt;
    out.bytes[k_size_bytes - 1] = static_cast<uint8_t>((hi << 2) | (lo >> 4));
    return out;
}

}  // namespace sb::protocol

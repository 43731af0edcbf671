#pragma once
// The Kafka `uuid` wire type: 16 bytes, sent as-is (big-endian, most significant first).
// Kafka shows a uuid as 22 characters of unpadded base64url (e.g. topic ids in
// kafka-topics output); to_string/from_string use that form so that ids printed by
// StreamBus match what Kafka tools print.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::protocol {

struct uuid {
    static constexpr std::size_t k_size_bytes = 16;
    // Length of the unpadded base64url text form.
    static constexpr std::size_t k_text_size_chars = 22;

    std::array<uint8_t, k_size_bytes> bytes{};

    // The all-zero uuid, Kafka's Uuid.ZERO_UUID ("AAAAAAAAAAAAAAAAAAAAAA"): "no topic id".
    static constexpr uuid nil() { return uuid{}; }
    constexpr bool is_nil() const {
        for (uint8_t b : bytes) {
            if (b != 0) return false;
        }
        return true;
    }

    std::string to_string() const;
    // Parses the 22-character base64url form; nullopt for anything else.
    static std::optional<uuid> from_string(std::string_view text);

    friend bool operator==(const uuid&, const uuid&) = default;
};

}  // namespace sb::protocol

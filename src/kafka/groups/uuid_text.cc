#include "kafka/groups/uuid_text.h"

#include <memory>
#include <random>

namespace sb::kafka::groups {

std::string uuid_text(const std::array<uint8_t, 16>& bytes) {
    constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(k_hex[bytes[i] >> 4]);
        out.push_back(k_hex[bytes[i] & 0x0F]);
    }
    return out;
}

std::function<std::string()> random_uuid_text_source() {
    auto generator = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [generator] {
        std::array<uint8_t, 16> bytes{};
        for (std::size_t i = 0; i < bytes.size(); i += 8) {
            const uint64_t word = (*generator)();
            for (std::size_t k = 0; k < 8; ++k) bytes[i + k] = static_cast<uint8_t>(word >> (8 * k));
        }
        bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
        bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // IETF variant
        return uuid_text(bytes);
    };
}

}  // namespace sb::kafka::groups

#pragma once
// Helpers shared by the record batch tests.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::protocol::testing {

inline std::vector<uint8_t> from_hex(std::string_view hex) {
    std::vector<uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

inline std::string as_string(std::span<const uint8_t> b) { return std::string(b.begin(), b.end()); }

}  // namespace sb::protocol::testing

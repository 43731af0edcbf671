#pragma once
// Byte-vector literals for the codec tests: bytes_of({0x00, 0x12, 'a'}).

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace sb::protocol {

inline std::vector<uint8_t> bytes_of(std::initializer_list<int> values) {
    std::vector<uint8_t> out;
    out.reserve(values.size());
    for (int v : values) out.push_back(static_cast<uint8_t>(v));
    return out;
}

}  // namespace sb::protocol

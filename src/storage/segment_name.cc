#include "storage/segment_name.h"

#include <cassert>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace sb::storage {

std::string offset_file_stem(int64_t base_offset) {
    assert(base_offset >= 0);
    return fmt::format("{:020d}", base_offset);
}

std::string segment_path(const std::string& dir, int64_t base_offset, const char* suffix) {
    return dir + "/" + offset_file_stem(base_offset) + suffix;
}

std::optional<int64_t> parse_log_file_name(const std::string& name) {
    constexpr std::size_t digits = 20;
    std::size_t suffix_len = std::strlen(k_log_suffix);
    if (name.size() != digits + suffix_len || name.compare(digits, suffix_len, k_log_suffix) != 0) {
        return std::nullopt;
    }
    int64_t v = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        char c = name[i];
        if (c < '0' || c > '9') return std::nullopt;
        if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace sb::storage

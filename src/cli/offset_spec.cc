#include "cli/offset_spec.h"

#include <charconv>

#include "cli/validators.h"

namespace sb::cli {
namespace {

std::optional<int64_t> parse_non_negative(std::string_view text) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 0) return std::nullopt;
    return v;
}

}  // namespace

std::optional<offset_spec> parse_offset_spec(std::string_view text) {
    using kind = offset_spec::kind;
    if (text == "earliest" || text == "beginning") return offset_spec{kind::earliest, 0};
    if (text == "latest" || text == "end") return offset_spec{kind::latest, 0};
    if (text.starts_with('@')) {
        if (auto ts = parse_non_negative(text.substr(1))) return offset_spec{kind::timestamp, *ts};
        return std::nullopt;
    }
    if (text.starts_with('-')) {
        auto n = parse_non_negative(text.substr(1));
        if (n && *n > 0) return offset_spec{kind::from_end, *n};
        return std::nullopt;
    }
    if (auto n = parse_non_negative(text)) return offset_spec{kind::absolute, *n};
    return std::nullopt;
}

CLI::Validator offset_spec_validator() {
    return parses_as([](std::string_view text) { return parse_offset_spec(text).has_value(); },
                     "earliest, latest, N, -N or @TIMESTAMP_MS");
}

}  // namespace sb::cli

#pragma once
// Where `consume --offset` starts: earliest | latest | N | -N (N before the end) | @T
// (the first record at or after T, milliseconds since the epoch).

#include <cstdint>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

namespace sb::cli {

struct offset_spec {
    enum class kind { earliest, latest, absolute, from_end, timestamp };
    kind what = kind::earliest;
    int64_t value = 0;  // the offset, the distance from the end, or the timestamp in ms
};

std::optional<offset_spec> parse_offset_spec(std::string_view text);

// Rejects, during parsing, text that parse_offset_spec does not accept.
CLI::Validator offset_spec_validator();

}  // namespace sb::cli

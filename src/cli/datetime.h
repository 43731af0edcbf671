#pragma once
// ISO 8601 date-times for `group reset-offsets --to-datetime`.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::cli {

// Milliseconds since the epoch of "YYYY-MM-DDTHH:MM:SS[.mmm](Z|+HH:MM|-HH:MM)"; nullopt
// for anything else (a zone is required: a local time would depend on the machine).
std::optional<int64_t> parse_datetime_ms(std::string_view text);

}  // namespace sb::cli

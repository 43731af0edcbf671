#pragma once
// Reads records for `produce`: one per line, with a bound on a line's length so that an
// input without newlines cannot take all memory.

#include <cstddef>
#include <cstdio>
#include <string>

namespace sb::cli {

enum class line_status { line, end, too_long };

// Reads the next line of `in` into `line` (without its '\n'; a '\r' before it is kept).
// `too_long` when more than `max_bytes` come before the newline; `end` at end of input
// with nothing read (a last line without '\n' is still a line).
line_status read_line(std::FILE* in, std::string& line, std::size_t max_bytes);

}  // namespace sb::cli

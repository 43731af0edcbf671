#pragma once
// `consume --format`: kcat's format tokens, so that scripts written for kcat keep working.
//
//   %v or %s  value        %S  value length (-1 for null)
//   %k        key          %K  key length (-1 for null)
//   %t        topic        %p  partition      %o  offset
//   %T        timestamp in ms since the epoch (-1 when the record has none)
//   %h        headers as name=value,name=value
//   %%        a '%'        \n \r \t \\  newline, carriage return, tab, backslash

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sb::cli {

inline constexpr const char* k_default_record_format = "%v\\n";

struct record_view {
    std::string_view topic;
    int32_t partition = 0;
    int64_t offset = 0;
    int64_t timestamp_ms = -1;
    std::optional<std::string_view> key;
    std::optional<std::string_view> value;
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;
};

class record_format {
public:
    // Fails on an unknown token, a lone '%' or '\' at the end, or an unknown escape.
    static result<record_format, std::string> parse(std::string_view text);

    // Appends the record, formatted, to `out`.
    void render(const record_view& r, std::string& out) const;

private:
    // Literal text, or a token letter (after '%').
    struct piece {
        char token = 0;  // 0: literal
        std::string literal;
    };
    std::vector<piece> pieces_;
};

// The record as one line of JSON (`consume --json`): {"topic","partition","offset",
// "timestamp","key","value","headers":[{"key","value"}]}, null for a null key or value,
// malformed UTF-8 bytes as U+FFFD.
void render_record_json(const record_view& r, std::string& out);

}  // namespace sb::cli

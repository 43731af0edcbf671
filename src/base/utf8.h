#pragma once
// UTF-8 decoding that never fails: a malformed sequence (bad lead or continuation byte,
// truncated, overlong, a surrogate, past U+10FFFF) counts as U+FFFD and consumes one
// byte, as the JVM decodes Kafka strings.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sb::utf8 {

constexpr uint32_t k_replacement_character = 0xFFFD;

// Decodes the code point starting at `i` (< s.size()) and advances `i` past it.
uint32_t next_code_point(std::string_view s, std::size_t& i);

// `s` unchanged when it is valid UTF-8; otherwise each malformed byte replaced by U+FFFD,
// so that the result can go into JSON.
std::string valid_or_replaced(std::string_view s);

}  // namespace sb::utf8

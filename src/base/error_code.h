#pragma once
// Kafka's protocol error codes (the numbers that go on the wire), with their names and
// Kafka's descriptions. Every error that reaches a client is one of these.

#include <cstdint>
#include <string_view>

namespace sb {

enum class error_code : int16_t {
#define SB_ERROR_CODE(name, value, retriable, message) name = value,
#include "base/error_codes.def"
#undef SB_ERROR_CODE
};

// "UNKNOWN_TOPIC_OR_PARTITION"; "UNKNOWN_ERROR_CODE" for a number Kafka does not define.
std::string_view error_name(error_code e);
// Kafka's one-line description of the error.
std::string_view error_message(error_code e);
// Whether a client may retry the request unchanged (Kafka's RetriableException).
bool error_is_retriable(error_code e);

inline int16_t to_wire(error_code e) { return static_cast<int16_t>(e); }

}  // namespace sb

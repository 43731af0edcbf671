#pragma once
// Kafka's rules for topic names, exactly as Kafka applies them (its `Topic.validate`,
// `hasCollisionChars`, `unifyCollisionChars`):
//  - 1 to 249 characters from [a-zA-Z0-9._-], and neither "." nor "..";
//  - '.' and '_' are interchangeable in metric names, so two topics whose names differ
//    only by '.' versus '_' would share metrics: Kafka refuses to create the second one.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::cluster {

// Kafka's fixed maximum (its `Topic.MAX_NAME_LENGTH`): a protocol rule, not a tunable.
constexpr std::size_t k_topic_name_length_max_chars = 249;

// Ok, or Kafka's message for why the name is illegal (sent to clients with
// INVALID_TOPIC_EXCEPTION).
sb::result<void, std::string> validate_topic_name(std::string_view name);

// True when the name contains '.' or '_' and could therefore collide with another.
bool topic_name_has_collision_chars(std::string_view name);

// Kafka's internal topics (its `Topic.isInternal`): the consumer offsets, the
// transaction state and the share group state. Clients may not produce to them nor
// delete records from them (INVALID_TOPIC_EXCEPTION); Metadata and /v1/topics mark them
// internal.
bool is_internal_topic(std::string_view name);

// The name with every '.' replaced by '_': two names collide when these are equal.
std::string unify_topic_collision_chars(std::string_view name);

}  // namespace sb::cluster

#pragma once
// Reading the topics out of a "consumer" protocol member's JoinGroup metadata. The
// coordinator needs them for two things only: OffsetDelete refuses to delete the offsets
// of a topic the group still consumes (GROUP_SUBSCRIBED_TO_TOPIC), and offsets of topics
// nobody subscribes to any more expire while the group is Stable.

#include <optional>
#include <set>
#include <string>

#include "kafka/groups/group.h"
#include "kafka/groups/group_requests.h"

namespace sb::kafka::groups {

// The protocol type of Kafka's consumers, whose metadata is a ConsumerProtocolSubscription.
inline constexpr std::string_view k_consumer_protocol_type = "consumer";

// The topics of a ConsumerProtocolSubscription: an int16 version, then the subscription at
// that version. A version newer than the codec knows is read as the newest one, as Kafka's
// clients do (newer versions only append fields). nullopt when the bytes cannot be read.
std::optional<std::set<std::string>> subscribed_topics(const bytes& metadata);

// The union of the members' subscriptions for the group's selected protocol; nullopt when
// the group is not a "consumer" group, has no selected protocol, or one member's metadata
// cannot be read (then every topic counts as subscribed).
std::optional<std::set<std::string>> group_subscription(const group& g);

}  // namespace sb::kafka::groups

#pragma once
// Consumer group requests shared by the group commands: describe a group and read its
// committed offsets.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "base/result.h"
#include "cli/topic_metadata.h"

namespace sb::cli {

// librdkafka's names of the states in which a group has no members.
inline constexpr std::string_view k_group_state_empty = "Empty";
inline constexpr std::string_view k_group_state_dead = "Dead";

struct group_member {
    std::string member_id;
    std::string instance_id;  // empty unless static membership
    std::string client_id;
    std::string host;
    std::vector<topic_partition> assignment;  // sorted
};

struct group_description {
    std::string group;
    std::string state;  // "Stable", "Empty", ...
    std::string assignor;
    int32_t coordinator = -1;
    std::vector<group_member> members;
};

result<group_description, std::string> describe_group(rd_kafka_t* rk, const std::string& group, int timeout_ms);

struct committed_offset {
    topic_partition tp;
    int64_t offset = -1;
};

// The group's committed offsets, sorted by topic and partition.
result<std::vector<committed_offset>, std::string> list_committed_offsets(rd_kafka_t* rk, const std::string& group,
                                                                          int timeout_ms);

}  // namespace sb::cli

#pragma once
// What the consumer group service needs to know besides the coordinator core's own
// limits (kafka/groups/group_config.h): the __consumer_offsets topic it creates and how
// its drivers load and persist. Names in the comments are the config keys.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kafka/groups/group_config.h"

namespace sb::kafka {

// The internal compacted topic that holds every group's records (Kafka's name).
inline constexpr std::string_view k_offsets_topic = "__consumer_offsets";

struct group_settings {
    groups::group_config coordinator;
    int32_t offsets_topic_partitions = 50;          // offsets.topic.num.partitions
    int16_t offsets_topic_replication_factor = 1;   // offsets.topic.replication.factor
    int64_t offsets_topic_segment_bytes = 104857600;  // offsets.topic.segment.bytes
    std::size_t load_buffer_bytes = 5242880;        // offsets.load.buffer.size
    int64_t commit_timeout_ms = 5000;               // offsets.commit.timeout.ms
};

}  // namespace sb::kafka

#pragma once
// Which __consumer_offsets partition, and so which coordinator, owns a group: the same
// function as Kafka's, so that a group maps to the same partition number as it would on
// a Kafka cluster with as many partitions (offsets.topic.num.partitions, default 50).

#include <cstdint>
#include <string_view>

namespace sb::kafka::groups {

// offsets.topic.num.partitions
inline constexpr int32_t k_default_offsets_topic_partitions = 50;

// Java's String.hashCode of the group id (over its UTF-16 code units; bytes that are not
// UTF-8 count as U+FFFD, as the JVM decodes them), made non-negative as Kafka's Utils.abs
// does, modulo the partition count. partition_count must be positive.
int32_t partition_for_group(std::string_view group_id, int32_t partition_count);

// The hash alone, for tests.
int32_t java_string_hash(std::string_view utf8);

}  // namespace sb::kafka::groups

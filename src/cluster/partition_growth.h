#pragma once
// The rules for adding partitions to a topic (CreatePartitions), as Kafka's controller
// applies them (ReplicationControlManager.createPartitions), turned into the topic's new
// metadata for topic_table::alter_topic.
//
// Checked in Kafka's order, with its messages: the new count must be larger than the
// current one; a manual assignment must name one replica list per new partition, and
// each list must pass the same checks as at creation (live brokers, no broker twice,
// the topic's replication factor). Without an assignment the new partitions are placed
// round robin over the live brokers, continuing from the existing ones. Pure.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "cluster/topic_creation.h"
#include "cluster/topic_metadata.h"

namespace sb::cluster {

// One topic of a CreatePartitions request, in wire terms.
struct partition_growth_request {
    int32_t count = 0;  // the new total
    // One replica list per new partition; nullopt: the broker places them.
    std::optional<std::vector<std::vector<int32_t>>> assignments;
};

// `topic` with its new partitions, or Kafka's error and message. `live_broker_ids`:
// sorted, non-empty.
sb::result<topic_metadata, topic_error> plan_partition_growth(const topic_metadata& topic,
                                                              const partition_growth_request& request,
                                                              const topic_creation_policy& policy,
                                                              std::span<const int32_t> live_broker_ids);

}  // namespace sb::cluster

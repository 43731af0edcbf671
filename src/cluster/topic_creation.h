#pragma once
// The rules for creating a topic, as Kafka's controller applies them, turned into a plan
// (a topic_metadata with a fresh id) that topic_table::create_topic can apply.
//
// The checks run in Kafka's order, so that a request with several faults gets the same
// error from us as from Kafka: name, existence, '.'/'_' collision, null config values,
// unknown config names, then the manual assignment or partition count and replication
// factor. Pure: reads only its arguments (and draws a random id).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_snapshot.h"

namespace sb::cluster {

struct manual_partition_assignment {
    int32_t partition_index = 0;
    std::vector<int32_t> broker_ids;
};

// One topic of a CreateTopics request, in wire terms (-1 = "use the default").
struct topic_creation_request {
    std::string name;
    int32_t num_partitions = -1;
    int16_t replication_factor = -1;
    std::vector<manual_partition_assignment> assignments;
    std::vector<std::pair<std::string, std::optional<std::string>>> configs;
};

// The broker settings that creation applies (Kafka's names in the comments).
struct topic_creation_policy {
    int32_t default_partition_count = 1;          // num.partitions
    int16_t default_replication_factor = 1;       // default.replication.factor
    // Our own guard (Kafka has none): every partition costs memory and a Raft group, and
    // a Metadata response lists them all.
    int32_t partition_count_max = 10'000;         // topic.partitions.max
};

// Kafka's validateManualPartitionAssignment: the message for why `broker_ids` cannot be
// one partition's replicas (empty, a broker that is not live, a broker twice, or not
// `replica_count` replicas when given), or nullopt when they can.
std::optional<std::string> replica_assignment_problem(const std::vector<int32_t>& broker_ids,
                                                      std::optional<std::size_t> replica_count,
                                                      std::span<const int32_t> live_broker_ids);

// Replicas for partitions first_partition .. first_partition + count - 1, round robin:
// partition p starts at the p-th live broker, so leaders spread over the brokers.
std::vector<std::vector<int32_t>> place_round_robin(std::size_t first_partition, std::size_t count,
                                                    std::size_t replication_factor,
                                                    std::span<const int32_t> live_broker_ids);

// The topic to create, or Kafka's error and message for why it cannot be.
// `live_broker_ids` are the brokers replicas may be placed on (sorted, non-empty).
sb::result<topic_metadata, topic_error> plan_topic_creation(const topic_creation_request& request,
                                                            const topic_snapshot& topics,
                                                            const topic_creation_policy& policy,
                                                            std::span<const int32_t> live_broker_ids);

}  // namespace sb::cluster

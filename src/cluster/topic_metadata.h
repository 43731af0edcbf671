#pragma once
// What the cluster knows about one topic. Immutable once published in a topic_snapshot.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/error_code.h"
#include "protocol/uuid.h"

namespace sb::cluster {

struct topic_metadata {
    std::string name;
    // Random, non-zero, never reused: a topic deleted and created again gets a new id.
    protocol::uuid id;
    // replicas_by_partition[i] lists the node ids holding partition i, preferred leader
    // first. Never empty, and every partition has the same number of replicas.
    std::vector<std::vector<int32_t>> replicas_by_partition;
    // Only the configs set on this topic (Kafka names); the others take their defaults
    // (cluster/topic_config_schema.h).
    std::map<std::string, std::string, std::less<>> configs;

    int32_t partition_count() const { return static_cast<int32_t>(replicas_by_partition.size()); }
    int16_t replication_factor() const {
        return replicas_by_partition.empty() ? int16_t{0}
                                             : static_cast<int16_t>(replicas_by_partition.front().size());
    }

    friend bool operator==(const topic_metadata&, const topic_metadata&) = default;
};

// Why a topic operation was refused: Kafka's error code and the message sent with it.
struct topic_error {
    error_code code = error_code::none;
    std::string message;
};

}  // namespace sb::cluster

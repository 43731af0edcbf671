#pragma once
// The JSON admin API's read-only view of the cluster:
//
//   GET /v1/brokers        the brokers (this one, until the cluster has more)
//   GET /v1/topics         every topic: name, id, partition count, internal, replication
//   GET /v1/topics/{name}  one topic: its configs with their sources, and per partition
//                          the leader, replicas, ISR, offsets, size and segment count
//
// Topics come from the topic table's current snapshot (lock-free read). Partition
// numbers are read on each partition's owner shard (cluster/partition_report.h), so the
// data path takes no lock for the admin API. The answers are documented, with examples,
// in docs/operations.md.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cluster/partition_manager.h"
#include "cluster/topic_table.h"
#include "http/admin_server.h"

namespace sb::http {

// This broker as Metadata announces it.
struct broker_identity {
    int32_t node_id = 1;
    std::string host;  // the advertised Kafka host and port
    int32_t port = 9092;
    std::optional<std::string> rack;
    std::string version;
    std::string cluster_id;
};

struct cluster_view {
    broker_identity broker;
    std::shared_ptr<cluster::topic_table> topics;
    // Also the broker's defaults for topic configs in force (topic_defaults()).
    std::shared_ptr<cluster::partition_manager> partitions;
};

void register_cluster_routes(admin_server& server, std::shared_ptr<const cluster_view> view);

// "%2E" -> "."; nullopt for a broken escape.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace sb::http

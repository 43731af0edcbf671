#pragma once
// Topics as the cluster metadata describes them, in a plain sorted form, and the offset
// range of a partition.

#include <cstdint>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "base/result.h"
#include "cli/connection_options.h"

namespace sb::cli {

struct topic_partition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const topic_partition&) const = default;
};

struct partition_info {
    int32_t id = 0;
    int32_t leader = -1;
    std::vector<int> replicas;
    std::vector<int> isr;
};

struct topic_info {
    std::string name;
    std::vector<partition_info> partitions;  // by id
    // The replica count of the first partition: every partition of a topic has as many.
    int replication_factor() const { return partitions.empty() ? 0 : static_cast<int>(partitions[0].replicas.size()); }
};

// Every topic in `md`, by name.
std::vector<topic_info> topics_of(const rd_kafka_metadata_t& md);

// Whether looking a topic up may create it, on brokers with auto.create.topics.enable.
enum class topic_lookup { existing, create_if_allowed };

// One topic; fails when it does not exist. `existing` reads the metadata of all topics,
// since naming the topic in the request could create it; `create_if_allowed` names it,
// and a producer client lets the broker create it (librdkafka's allow.auto.create.topics
// is true for producers), as a first produce to it would.
result<topic_info, std::string> fetch_topic(rd_kafka_t* rk, const connection_options& options, const std::string& name,
                                            topic_lookup lookup = topic_lookup::existing);

struct offset_range {
    int64_t log_start = 0;
    int64_t high_watermark = 0;
};

// The partition's log start offset and high watermark (ListOffsets).
result<offset_range, std::string> partition_offset_range(rd_kafka_t* rk, const topic_partition& tp, int timeout_ms);

}  // namespace sb::cli

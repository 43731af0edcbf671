#pragma once
// partition_report: the state of a topic's partitions as their owner shards see it, for
// the admin API (GET /v1/topics/{name}).
//
// Each partition is read on its owner shard (cross_shard.h), all owners at once, so no
// lock is taken and nothing on the data path waits for the admin API. The values are
// copies taken at one moment per shard; two partitions on different shards may be read
// a few microseconds apart.

#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cluster/partition_manager.h"
#include "cluster/topic_metadata.h"

namespace sb::cluster {

struct partition_report {
    int32_t partition = 0;
    // False while the partition is still opening (start-up recovery, topic creation) or
    // could not be opened; the offsets and sizes are then -1 / 0.
    bool online = false;
    int32_t leader_epoch = -1;
    int64_t log_start_offset = -1;
    int64_t high_watermark = -1;
    // No transactions yet: nothing is undecided, so it equals the high watermark.
    int64_t last_stable_offset = -1;
    uint64_t size_bytes = 0;
    uint64_t segments = 0;
};

// Any shard. One report per partition of `topic`, in partition order.
boost::asio::awaitable<std::vector<partition_report>> report_partitions(partition_manager& partitions,
                                                                          std::shared_ptr<const topic_metadata> topic);

}  // namespace sb::cluster

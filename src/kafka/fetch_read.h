#pragma once
// The part of Fetch that runs on a partition's owner shard: check the position and read
// whole batches from the log (file ranges for sendfile plus the unflushed in-memory
// tail), and register/cancel the waits of long-polling fetches.
//
// Byte limits follow Kafka (KIP-74): each partition reads at most min(its
// partition_max_bytes, what is left of the request's max_bytes), in request order, and
// the first batch of the first partition that has data is returned even when it is
// larger ("min one"). A later partition whose next batch does not fit returns nothing.
// Here that is applied per shard; the handler then applies the request-wide budget over
// the shards' answers (fetch_budget.h).

#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "base/iobuf.h"
#include "cluster/partition.h"
#include "cluster/partition_id.h"
#include "kafka/broker_services.h"
#include "storage/partition_log.h"

namespace sb::kafka {

// One partition of a fetch, in response order, and what was read for it.
struct fetch_item {
    cluster::partition_id id;  // topic id nil when the topic is unknown
    std::string topic;
    int32_t index = 0;
    int64_t fetch_offset = 0;
    int32_t partition_max_bytes = 0;
    int32_t current_leader_epoch = -1;
    bool resolved = false;  // the topic and partition exist (else `error` says why)
    // Fetch v10 and newer: the client decodes zstd. Older fetches from a topic whose
    // compression.type is zstd get UNSUPPORTED_COMPRESSION_TYPE, as Kafka answers them.
    bool reads_zstd = true;

    error_code error = error_code::none;
    int64_t high_watermark = -1;
    int64_t last_stable_offset = -1;
    int64_t log_start_offset = -1;
    std::vector<storage::file_range> ranges;  // sent first, with sendfile
    iobuf memory;                             // then these bytes
    uint64_t size_bytes = 0;
    bool larger_than_limit = false;  // returned only by the "min one" rule

    void clear_records() {
        ranges.clear();
        memory.clear();
        size_bytes = 0;
        larger_than_limit = false;
    }
};

// On `shard`: reads the items at `indexes` (owned by this shard) in order, with a budget
// of `max_bytes` for them together. `min_one`: the first item with data may exceed it.
boost::asio::awaitable<void> read_on_owner(broker_services& services, unsigned shard, std::vector<fetch_item>& items,
                                           const std::vector<std::size_t>& indexes, int64_t max_bytes,
                                           bool min_one = true);

// On `shard`: asks each item's partition to call `wake` (from the owner's thread) when
// data arrives beyond what was read. Returns the waits to cancel, one per index (0: none).
std::vector<uint64_t> wait_on_owner(broker_services& services, unsigned shard, const std::vector<fetch_item>& items,
                                    const std::vector<std::size_t>& indexes, const std::function<void()>& wake);
void cancel_on_owner(broker_services& services, unsigned shard, const std::vector<fetch_item>& items,
                     const std::vector<std::size_t>& indexes, const std::vector<uint64_t>& waits);

}  // namespace sb::kafka

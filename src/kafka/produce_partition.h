#pragma once
// The part of Produce that runs on a partition's owner shard, in two steps so that a
// connection's pipelined requests share fsyncs (request_handler.h):
//  1. append_on_owner, in the connection's arrival order: validate the batch
//     (produce_validation.h), append it (cluster::partition, which also checks idempotent
//     producers' sequences) and, for acks=all, ask to be told when it is fsynced;
//  2. wait_flushed_on_owner, concurrently with later requests: wait for those fsyncs -
//     one wait for all of this shard's partitions of the request, bounded by the
//     request's timeout_ms and by data_path_limits::delayed_produces_max.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "base/iobuf.h"
#include "cluster/partition_id.h"
#include "kafka/broker_services.h"
#include "kafka/produce_validation.h"

namespace sb::kafka {

// The fsyncs one request waits for on one shard (defined in produce_partition.cc).
struct flush_wait;

// One partition of a Produce request and, once produced, its answer.
struct partition_produce {
    cluster::partition_id id;
    std::string topic;
    int32_t index = 0;
    std::optional<iobuf> records;  // nullopt: the field was null
    // The answer (Kafka's PartitionProduceResponse fields).
    error_code error = error_code::none;
    std::optional<std::string> error_message;
    std::vector<record_error> record_errors;
    int64_t base_offset = -1;
    int64_t log_append_time_ms = -1;
    int64_t log_start_offset = -1;
    // Set by append_on_owner when the answer waits for an fsync (shared by the request's
    // partitions on that shard); cleared by wait_flushed_on_owner.
    std::shared_ptr<flush_wait> flush;
};

struct produce_settings {
    int16_t acks = 1;
    int32_t timeout_ms = 30000;
    int16_t version = 0;
};

// On `shard`, for the elements of `partitions` at `indexes` (which that shard owns).
boost::asio::awaitable<void> append_on_owner(broker_services& services, unsigned shard,
                                             std::vector<partition_produce>& partitions,
                                             const std::vector<std::size_t>& indexes, produce_settings settings);
// On the same shard, after append_on_owner, for the elements whose `flush` it set.
boost::asio::awaitable<void> wait_flushed_on_owner(broker_services& services, unsigned shard,
                                                   std::vector<partition_produce>& partitions,
                                                   const std::vector<std::size_t>& indexes, produce_settings settings);

}  // namespace sb::kafka

#pragma once
// The services the Kafka handlers use besides the topic table: shared ones (one per
// broker, used from every shard) and each shard's own state.
//
// Threading: broker_services is immutable after start-up except through its members'
// own rules (partition_manager: per-shard state touched only on its shard; the producer
// id allocator only on the controller shard). shard_services belongs to one shard.

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "cluster/partition_manager.h"
#include "cluster/producer_id_allocator.h"
#include "kafka/data_path_limits.h"
#include "kafka/fetch_session_cache.h"

namespace sb::kafka {

class group_service;

// Per-shard counts of waiting requests, read by the metrics scrape from any thread. Each
// shard writes only its own line.
class delayed_request_gauges {
public:
    explicit delayed_request_gauges(unsigned shards) : lines_(shards) {}
    void add_fetch(unsigned shard, int64_t n) { lines_[shard].fetches.fetch_add(n, std::memory_order_relaxed); }
    void add_produce(unsigned shard, int64_t n) { lines_[shard].produces.fetch_add(n, std::memory_order_relaxed); }
    int64_t fetches(unsigned shard) const { return lines_[shard].fetches.load(std::memory_order_relaxed); }
    int64_t produces(unsigned shard) const { return lines_[shard].produces.load(std::memory_order_relaxed); }
    int64_t total_fetches() const;
    int64_t total_produces() const;

private:
    struct alignas(64) line {
        std::atomic<int64_t> fetches{0};
        std::atomic<int64_t> produces{0};
    };
    std::vector<line> lines_;
};

struct broker_services {
    std::shared_ptr<cluster::partition_manager> partitions;
    // Used on the controller shard only.
    std::shared_ptr<cluster::producer_id_allocator> producer_ids;
    data_path_limits limits;
    std::shared_ptr<delayed_request_gauges> delayed;
    // The consumer group coordinators (kafka/group_service.h).
    std::shared_ptr<group_service> groups;
};

struct shard_services {
    shard_services(unsigned shard_index, std::shared_ptr<broker_services> shared)
        : shard(shard_index),
          broker(std::move(shared)),
          sessions(shard_index, broker->limits.fetch_sessions_max, broker->limits.fetch_session_partitions_max) {}

    unsigned shard;
    std::shared_ptr<broker_services> broker;
    fetch_session_cache sessions;
};

}  // namespace sb::kafka

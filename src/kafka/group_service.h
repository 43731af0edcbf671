#pragma once
// group_service: the consumer group coordinators of this broker - one group_driver per
// __consumer_offsets partition, each on the partition's owner shard - and the topic
// itself.
//
// The topic. Like Kafka, the broker creates __consumer_offsets (compacted,
// offsets.topic.num.partitions partitions) through the normal topic path the first time a
// client looks for a group coordinator (FindCoordinator), so a broker nobody uses groups
// on has no such topic. At start-up, when the topic exists, its drivers start once the
// partitions are recovered. A group maps to partition partition_for_group(group id,
// partition count of the topic as it exists).
//
// Readiness. A driver exists from the moment its partition starts loading; requests to
// a driver that is still loading (or not created yet) get COORDINATOR_LOAD_IN_PROGRESS.
//
// Threading: the per-shard driver tables are touched only on their shard; creating the
// topic happens on the controller shard (0). stop() is called from a non-shard thread.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cluster/partition_manager.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "kafka/group_driver.h"

namespace sb::kafka {

class group_service {
public:
    group_service(std::shared_ptr<cluster::partition_manager> partitions, std::shared_ptr<cluster::topic_table> topics,
                  broker_config config);
    group_service(const group_service&) = delete;
    group_service& operator=(const group_service&) = delete;

    const group_settings& settings() const { return config_.groups; }
    cluster::partition_manager& partitions() { return *partitions_; }
    std::shared_ptr<const cluster::topic_snapshot> topics_snapshot() const { return topics_->snapshot(); }

    // The __consumer_offsets topic as it exists now (any shard); nullptr when it does not.
    std::shared_ptr<const cluster::topic_metadata> offsets_topic() const;

    // Any shard: true while the controller creates the topic (its partitions still opening).
    bool creating_offsets_topic() const { return creating_.load(std::memory_order_acquire); }

    // Controller shard. The topic, or nullptr while it is being created: the first call
    // starts the creation (and then the drivers) and returns at once, as Kafka answers
    // COORDINATOR_NOT_AVAILABLE meanwhile.
    std::shared_ptr<const cluster::topic_metadata> ensure_offsets_topic();

    // Any shard: starts (and loads) the drivers of every partition of `topic` on their
    // owner shards; returns once all have loaded.
    boost::asio::awaitable<void> start(std::shared_ptr<const cluster::topic_metadata> topic);

    // Shard `shard`: the driver of partition `id` if that shard owns it, is not stopping
    // and the driver is for this topic id.
    group_driver* find(unsigned shard, const cluster::partition_id& id);
    // Shard `shard`: every driver there (loaded or not).
    std::vector<group_driver*> drivers_on(unsigned shard);

    // Blocking; from a thread that is not a shard's, while the shards run. Drops every
    // driver, so that parked requests are answered NOT_COORDINATOR at once.
    void stop();

private:
    struct shard_state {
        // Shared only with a driver's load, which must outlive a stop() meanwhile.
        std::map<int32_t, std::shared_ptr<group_driver>> drivers;
        bool stopping = false;
    };
    boost::asio::awaitable<void> start_partition(unsigned shard, cluster::partition_id id);
    boost::asio::awaitable<void> create_offsets_topic();

    std::shared_ptr<cluster::partition_manager> partitions_;
    std::shared_ptr<cluster::topic_table> topics_;
    broker_config config_;
    std::vector<std::unique_ptr<shard_state>> shards_;
    std::atomic<bool> creating_{false};  // written on the controller shard only
};

}  // namespace sb::kafka

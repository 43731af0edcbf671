#pragma once
// partition_manager: which partitions this broker hosts, on which shard, and their
// lifecycle.
//
// Ownership: every partition belongs to one shard, owner_shard(id, shard_count) - a hash
// of the topic id and partition index, so nothing about shards is on disk and a restart
// with another shard count just moves partitions. A partition's log, producer state and
// waiting fetches are touched only on its owner's event loop; requests that arrive on
// another shard hop there (cross_shard.h) and carry the answer back. No locks.
//
// Lifecycle:
//   recover(topics)            start-up: removes directories of topics that no longer
//                              exist (or were re-created: the topic id differs), then
//                              opens every partition on its owner - the log's recovery
//                              and open run on the blocking pool, then the producer state
//                              is rebuilt from its snapshot and the log after it. Until a
//                              partition is open, find() does not return it.
//   create_partitions(topic)   CreateTopics, auto-creation: makes the directories and logs.
//   remove_partitions(topic)   DeleteTopics: closes the logs and deletes their directories.
//   update_configs(topic)      AlterConfigs: the open partitions take the topic's configs.
//   set_topic_defaults(d)      SIGHUP: the broker's defaults for topic configs change, and
//                              every open partition runs with its topic's own configs over
//                              them (the topic's own values win).
//   stop()                     shutdown: flushes and closes every partition.
//
// Rule for callers: a partition* is valid on its owner shard until the next co_await;
// look it up again after every suspension (a topic may have been deleted meanwhile).

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "base/result.h"
#include "cluster/partition.h"
#include "cluster/partition_config.h"
#include "cluster/partition_id.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_snapshot.h"
#include "storage/file_system.h"
#include "storage/log_config.h"

namespace sb::cluster {

struct partition_manager_config {
    std::filesystem::path data_dir;
    // Broker defaults for topic configs (log.segment.bytes -> segment.bytes, ...) at start;
    // set_topic_defaults changes them.
    topic_config_defaults topic_defaults;
    // acks=all waits for fsync (log.flush.on.ack; storage::log_config::fsync_before_ack).
    bool fsync_before_ack = true;
    storage::storage_limits limits;
    partition_options partition;
};

class partition_manager {
public:
    // `shards[i]` is shard i's event loop; blocking work goes to `blocking_pool`.
    partition_manager(partition_manager_config config, std::vector<boost::asio::any_io_executor> shards,
                      boost::asio::thread_pool& blocking_pool, std::shared_ptr<storage::file_system> fs);
    ~partition_manager();
    partition_manager(const partition_manager&) = delete;
    partition_manager& operator=(const partition_manager&) = delete;

    unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }
    unsigned owner_of(const partition_id& id) const { return owner_shard(id, shard_count()); }
    const boost::asio::any_io_executor& executor(unsigned shard) const;
    // Shard `shard` only.
    storage::blocking_executor& blocking(unsigned shard);
    partition* find(unsigned shard, const partition_id& id);
    // How many partitions are open, over all shards (any thread).
    std::size_t open_partitions() const { return open_partitions_->load(std::memory_order_relaxed); }
    const partition_manager_config& config() const { return config_; }
    // The broker's defaults for topic configs in force (any thread).
    std::shared_ptr<const topic_config_defaults> topic_defaults() const { return topic_defaults_.load(); }

    // Any shard. KAFKA_STORAGE_ERROR if some partition could not be opened (logged); the
    // others are served.
    boost::asio::awaitable<sb::status> recover(std::shared_ptr<const topic_snapshot> topics);
    // Any shard. Returns once every partition of `topic` is open on its owner.
    boost::asio::awaitable<sb::status> create_partitions(std::shared_ptr<const topic_metadata> topic);
    // Any shard. Returns once every partition of `topic` is closed and its directory gone.
    boost::asio::awaitable<void> remove_partitions(std::shared_ptr<const topic_metadata> topic);
    // Any shard. Returns once every open partition of `topic` runs with its configs (over
    // the broker defaults). INVALID_CONFIG when they do not parse (nothing changes).
    boost::asio::awaitable<sb::status> update_configs(std::shared_ptr<const topic_metadata> topic);
    // Any shard. New broker defaults for topic configs: returns once every open partition
    // runs with its topic's configs over them (a partition still opening takes them once
    // open). INVALID_CONFIG when they do not parse (nothing changes).
    boost::asio::awaitable<sb::status> set_topic_defaults(topic_config_defaults defaults);

    // Blocking; from a thread that is not a shard's, while the shards still run. Closes
    // every partition (flush, clean-shutdown marker, producer snapshot).
    void stop();
    // The same for one shard, on that shard (stop() runs it on every shard; tests that
    // drive an event loop by hand call it directly).
    boost::asio::awaitable<void> close_shard(unsigned shard);

private:
    struct shard_state;

    // Opens every partition of `topics` on its owner, all at once.
    boost::asio::awaitable<sb::status> open_all(std::vector<std::shared_ptr<const topic_metadata>> topics);
    boost::asio::awaitable<sb::status> open_partition(unsigned shard, std::shared_ptr<const topic_metadata> topic,
                                                      int32_t index);
    boost::asio::awaitable<void> close_partition(unsigned shard, partition_id id, bool remove_directory);
    // On `shard`: the open (or opening) partition `id` runs with `topic`'s configs over the
    // defaults in force (an opening one once it is open).
    void apply_topic_configs(unsigned shard, const partition_id& id, std::shared_ptr<const topic_metadata> topic);
    // On `shard`: every open partition runs with its topic's configs over the defaults in
    // force. Returns how many partitions it reconfigured.
    std::size_t reapply_configs(unsigned shard);
    boost::asio::awaitable<void> close_and_maybe_remove(shard_state& st, std::unique_ptr<partition> p,
                                                        bool remove_directory);
    boost::asio::awaitable<void> tick_loop(unsigned shard);
    topic_counters counters_for(const std::string& topic);
    // The settings a partition of `topic` runs with: its configs over the defaults in force
    // (logged when they do not parse).
    sb::result<partition_config> config_for(const topic_metadata& topic) const;
    // On `shard`: the open partition `id` takes config_for(its topic); an invalid result
    // leaves it as it was.
    void reconfigure(unsigned shard, const partition_id& id);
    void register_gauges(const partition& p);
    void remove_gauges(const std::string& topic, int32_t index);

    partition_manager_config config_;
    std::vector<boost::asio::any_io_executor> shards_;
    std::vector<std::unique_ptr<shard_state>> state_;
    std::shared_ptr<storage::file_system> fs_;
    std::shared_ptr<std::atomic<std::size_t>> open_partitions_ = std::make_shared<std::atomic<std::size_t>>(0);
    // Published whole, so that a partition opening on any shard reads one consistent set.
    std::atomic<std::shared_ptr<const topic_config_defaults>> topic_defaults_;
};

}  // namespace sb::cluster

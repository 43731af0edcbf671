#pragma once
// Builds the Kafka layer from the broker's settings: cluster id, topic table, producer id
// allocator, the partition manager (every partition's log, on its owner shard) and the
// per-shard request handlers.
//
// Storage recovery starts as soon as the shards run: every partition is opened on its
// owner shard (log recovery on the blocking pool, then producer state). Until it is done
// the "storage" component of `health` is `starting` (so /health/ready says not ready);
// then `ready`, or `failed` if some partition could not be opened. Requests are served
// meanwhile; a partition still opening answers NOT_LEADER_OR_FOLLOWER, which clients
// retry.
//
// Shutdown: stop() (with the shards still running) flushes and closes every partition,
// writing the clean-shutdown markers and producer snapshots, so the next start skips
// recovery. Without it the next start recovers the logs (nothing acknowledged is lost).
//
// Blocking work (fsync, open, unlink, recovery) runs on the pool given to
// make_kafka_services, which must outlive the shards' event loops (broker_threads.h).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "app/config.h"
#include "base/result.h"
#include "cluster/partition_config.h"
#include "cluster/partition_manager.h"
#include "cluster/topic_table.h"
#include "http/health.h"
#include "kafka/broker_settings.h"
#include "kafka/group_inspector.h"
#include "kafka/group_lag_metrics.h"
#include "net/request_handler.h"
#include "net/shard_pool.h"

namespace sb::app {

class kafka_runtime;  // the broker services and what has been stopped (kafka_wiring.cc)

struct kafka_services {
    std::string cluster_id;
    std::shared_ptr<cluster::topic_table> topics;
    // Every partition this broker hosts, for the admin API's reports; it also holds the
    // broker's defaults for topic configs in force.
    std::shared_ptr<cluster::partition_manager> partitions;
    // The broker's settings in force, as DescribeConfigs reports them: a reload and the
    // admin API's log level publish their changes here.
    std::shared_ptr<kafka::live_broker_settings> settings;
    net::request_handler_factory handler_factory;
    std::shared_ptr<kafka_runtime> runtime;
    // The consumer groups as plain structs (for /v1/groups), and their lag gauges
    // (refreshed before each /metrics scrape).
    std::shared_ptr<kafka::group_inspector> group_inspector;
    std::shared_ptr<kafka::group_lag_metrics> group_lag;

    // Blocking; call while the shards still run, after the listener stopped. Stops the
    // group coordinators first (stop_groups), then closes the partitions.
    void stop();
    // Blocking; call while the shards still run, after the listener stopped: requests
    // waiting in a group coordinator (JoinGroup, SyncGroup) are answered NOT_COORDINATOR
    // at once, so that their connections can close.
    void stop_groups();
    // Blocking; from a thread that is not a shard's, while the shards run (SIGHUP): the
    // broker's defaults for topic configs become those `config` sets, and every open
    // partition runs with its topic's configs over them. False when they do not parse
    // (nothing changes; logged).
    bool change_topic_defaults(const broker_config& config);
};

// The broker's defaults for topic configs: the broker settings named as their synonyms
// (log.segment.bytes for segment.bytes, ...) that `config` sets. The others are Kafka's
// defaults already, which a topic config falls back to by itself.
cluster::topic_config_defaults topic_defaults(const broker_config& config);
// The names of those broker settings (config_settings.cc marks them dynamic).
std::vector<std::string> topic_default_settings();
// Why the defaults for topic configs that `config` sets cannot be applied, or nullopt:
// values the topic-config validator refuses together (each setting alone was checked by
// build_config), by themselves or, given `topics` (a reload), under the own configs of
// one of its topics. Start-up checks the defaults alone: a topic stored with configs that
// conflict with them still opens, as in Kafka.
std::optional<std::string> topic_defaults_problem(const broker_config& config,
                                                  const cluster::topic_snapshot* topics);

// The settings `names` as a reload of `config` leaves them, for kafka_services::settings.
std::vector<kafka::reloaded_setting> reloaded_settings(const broker_config& config,
                                                       const std::vector<std::string>& names);

// Topic changes are serialized on shard 0 of `shards` (the future controller).
sb::result<kafka_services, std::string> make_kafka_services(const broker_config& config, net::shard_pool& shards,
                                                            boost::asio::thread_pool& blocking_pool,
                                                            http::health_registry& health);

}  // namespace sb::app

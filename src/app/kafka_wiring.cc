#include "app/kafka_wiring.h"

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <future>
#include <limits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/thread_pool.hpp>

#include "base/error_code.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "cluster/cluster_id.h"
#include "cluster/json_topic_store.h"
#include "cluster/partition_manager.h"
#include "cluster/producer_id_allocator.h"
#include "cluster/shard_blocking_executor.h"
#include "cluster/timed_file_system.h"
#include "cluster/topic_config_schema.h"
#include "kafka/broker_config.h"
#include "kafka/broker_services.h"
#include "kafka/group_service.h"
#include "kafka/request_handler_factory.h"

namespace sb::app {

// The services shared by every shard, and which of them have been stopped.
struct kafka_runtime {
    std::shared_ptr<kafka::broker_services> services;
    bool stopped = false;
    bool groups_stopped = false;
};

void kafka_services::stop_groups() {
    if (!runtime || runtime->groups_stopped) return;
    runtime->groups_stopped = true;
    runtime->services->groups->stop();
}

void kafka_services::stop() {
    if (!runtime || runtime->stopped) return;
    stop_groups();
    runtime->stopped = true;
    runtime->services->partitions->stop();
}

bool kafka_services::change_topic_defaults(const broker_config& config) {
    assert(runtime && !runtime->stopped);
    auto changed = std::make_shared<std::promise<bool>>();
    std::future<bool> done = changed->get_future();
    const auto& partitions = runtime->services->partitions;
    boost::asio::co_spawn(partitions->executor(0), partitions->set_topic_defaults(topic_defaults(config)),
                          [changed](std::exception_ptr e, sb::status set) { changed->set_value(!e && set.has_value()); });
    return done.get();
}

cluster::topic_config_defaults topic_defaults(const broker_config& c) {
    cluster::topic_config_defaults out;
    for (const auto& def : cluster::topic_config_definitions()) {
        const std::string broker_name(def.broker_synonym);
        if (!broker_name.empty() && c.configured_settings.contains(broker_name)) {
            out.emplace(std::string(def.name), c.setting_texts.at(broker_name));
        }
    }
    return out;
}

std::optional<std::string> topic_defaults_problem(const broker_config& config,
                                                  const cluster::topic_snapshot* topics) {
    const cluster::topic_config_defaults defaults = topic_defaults(config);
    if (auto checked = cluster::validate_topic_configs({}, defaults); !checked) {
        return "topic config defaults: " + checked.error().message;
    }
    if (topics == nullptr) return std::nullopt;
    for (const auto& [name, topic] : topics->topics()) {
        if (auto checked = cluster::validate_topic_configs(topic->configs, defaults); !checked) {
            return "topic config defaults: under the configs of topic '" + name + "': " + checked.error().message;
        }
    }
    return std::nullopt;
}

std::vector<std::string> topic_default_settings() {
    std::vector<std::string> out;
    for (const setting& s : settings()) {
        for (const auto& def : cluster::topic_config_definitions()) {
            if (def.broker_synonym == s.name) out.emplace_back(s.name);
        }
    }
    return out;
}

namespace {

std::optional<std::string> null_if_empty(const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

cluster::config_type kafka_type_of(const setting& s) {
    switch (s.type) {
        case setting_type::integer:
            return s.max <= std::numeric_limits<int32_t>::max() ? cluster::config_type::int32 : cluster::config_type::int64;
        case setting_type::choice:
            return s.choices == std::vector<std::string>{"true", "false"} ? cluster::config_type::boolean
                                                                           : cluster::config_type::string;
        default:
            return cluster::config_type::string;
    }
}

// Every setting as DescribeConfigs reports it for this broker.
std::vector<kafka::broker_setting> described_settings(const broker_config& c) {
    std::vector<kafka::broker_setting> out;
    for (const setting& s : settings()) {
        kafka::broker_setting& entry = out.emplace_back();
        entry.name = s.name;
        const auto text = c.setting_texts.find(s.name);
        entry.value = null_if_empty(text != c.setting_texts.end() ? text->second : std::string(s.default_text));
        entry.default_value = null_if_empty(s.default_text);
        entry.configured = c.configured_settings.contains(s.name);
        entry.type = kafka_type_of(s);
        entry.documentation = s.description;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace

std::vector<kafka::reloaded_setting> reloaded_settings(const broker_config& config,
                                                       const std::vector<std::string>& names) {
    std::vector<kafka::reloaded_setting> out;
    for (const std::string& name : names) {
        out.push_back({name, null_if_empty(config.setting_texts.at(name)), config.configured_settings.contains(name)});
    }
    return out;
}

namespace {

kafka::data_path_limits data_path_limits(const broker_config& c) {
    kafka::data_path_limits out;
    out.delayed_fetches_max = static_cast<std::size_t>(c.fetch_delayed_max_requests);
    out.delayed_produces_max = static_cast<std::size_t>(c.produce_delayed_max_requests);
    out.fetch_sessions_max = static_cast<std::size_t>(c.max_incremental_fetch_session_cache_slots);
    out.fetch_session_partitions_max = static_cast<std::size_t>(c.fetch_session_partitions_max);
    out.fetch_wait_max_ms = static_cast<int32_t>(c.fetch_wait_max_ms);
    return out;
}

cluster::partition_manager_config partition_settings(const broker_config& c,
                                                     const cluster::topic_config_defaults& defaults) {
    cluster::partition_manager_config out;
    out.data_dir = c.data_dir;
    out.topic_defaults = defaults;
    out.fsync_before_ack = c.log_flush_on_ack;
    out.limits.max_open_segments = static_cast<std::size_t>(c.log_open_segments_max);
    out.limits.max_unflushed_tail_bytes = static_cast<std::size_t>(c.log_memory_tail_partition_bytes);
    out.limits.max_shard_tail_bytes = static_cast<std::size_t>(c.log_memory_tail_shard_bytes);
    out.partition.max_producers = static_cast<std::size_t>(c.producer_state_partition_max_producers);
    out.partition.producer_id_expiration_ms = c.producer_id_expiration_ms;
    return out;
}

kafka::group_settings group_settings(const broker_config& c) {
    kafka::group_settings out;
    out.coordinator.min_session_timeout_ms = static_cast<int32_t>(c.group_min_session_timeout_ms);
    out.coordinator.max_session_timeout_ms = static_cast<int32_t>(c.group_max_session_timeout_ms);
    out.coordinator.initial_rebalance_delay_ms = static_cast<int32_t>(c.group_initial_rebalance_delay_ms);
    out.coordinator.max_size = static_cast<int32_t>(c.group_max_size);
    out.coordinator.new_member_join_timeout_ms = static_cast<int32_t>(c.group_new_member_join_timeout_ms);
    out.coordinator.max_groups = static_cast<int32_t>(c.group_max_count);
    out.coordinator.offset_metadata_max_bytes = static_cast<int32_t>(c.offset_metadata_max_bytes);
    out.coordinator.offsets_retention_minutes = static_cast<int32_t>(c.offsets_retention_minutes);
    out.coordinator.offsets_retention_check_interval_ms = c.offsets_retention_check_interval_ms;
    out.offsets_topic_partitions = static_cast<int32_t>(c.offsets_topic_num_partitions);
    out.offsets_topic_replication_factor = static_cast<int16_t>(c.offsets_topic_replication_factor);
    out.offsets_topic_segment_bytes = c.offsets_topic_segment_bytes;
    out.load_buffer_bytes = static_cast<std::size_t>(c.offsets_load_buffer_size);
    out.commit_timeout_ms = c.offsets_commit_timeout_ms;
    return out;
}

void register_data_path_gauges(const std::shared_ptr<kafka::delayed_request_gauges>& delayed) {
    auto& registry = metrics::registry::global();
    registry.set_gauge("streambus_delayed_fetch_requests", "Fetches waiting for data (max.wait.ms).", {},
                       [delayed] { return static_cast<double>(delayed->total_fetches()); });
    registry.set_gauge("streambus_delayed_produce_requests", "acks=all produces waiting for fsync.", {},
                       [delayed] { return static_cast<double>(delayed->total_produces()); });
    // Every partition has one replica, this broker, until replication lands; exported now
    // so that dashboards and alerts can be written against it.
    registry.set_gauge("streambus_under_replicated_partitions",
                       "Partitions led here whose in-sync replicas are fewer than their replicas.", {},
                       [] { return 0.0; });
}

// Start-up recovery of every partition. testing.recovery.hold.file (tests only) makes it
// wait while that file exists, so that a test can watch readiness before recovery ends;
// the file is looked at only when the setting is given.
boost::asio::awaitable<sb::status> recover_partitions(std::shared_ptr<cluster::partition_manager> partitions,
                                                      std::shared_ptr<const cluster::topic_snapshot> topics,
                                                      std::string hold_file, http::health_registry& health) {
    std::error_code ec;
    if (!hold_file.empty() && std::filesystem::exists(hold_file, ec)) {
        const std::string reason = "recovery held while " + hold_file + " exists (testing.recovery.hold.file)";
        sb::logging::get("app")->warn("{}", reason);
        health.report("storage", http::component_state::starting, reason);
        boost::asio::steady_timer poll(co_await boost::asio::this_coro::executor);
        while (std::filesystem::exists(hold_file, ec)) {
            poll.expires_after(std::chrono::milliseconds(20));
            co_await poll.async_wait(boost::asio::use_awaitable);
        }
        health.report("storage", http::component_state::starting, "recovering partition logs");
    }
    auto recovering = partitions->recover(std::move(topics));
    co_return co_await std::move(recovering);
}

}  // namespace

sb::result<kafka_services, std::string> make_kafka_services(const broker_config& config, net::shard_pool& shards,
                                                            boost::asio::thread_pool& blocking_pool,
                                                            http::health_registry& health) {
    auto cluster_id = cluster::load_or_create_cluster_id(config.data_dir);
    if (!cluster_id) {
        return sb::unexpected("cannot load or create the cluster id in " + config.data_dir + ": " +
                              std::string(error_message(cluster_id.error())));
    }
    auto runtime = std::make_shared<kafka_runtime>();
    // The topic file is saved (fsync) on the blocking pool, never on shard 0's loop.
    auto topics = cluster::topic_table::open(
        std::make_unique<cluster::json_topic_store>(config.data_dir),
        std::make_unique<cluster::shard_blocking_executor>(blocking_pool, shards.context(0).get_executor()));
    if (!topics) {
        return sb::unexpected("cannot load the topic table in " + config.data_dir + ": " +
                              std::string(error_message(topics.error())));
    }
    auto producer_ids = cluster::producer_id_allocator::open(config.data_dir);
    if (!producer_ids) {
        return sb::unexpected("cannot read the producer id block in " + config.data_dir + ": " +
                              std::string(error_message(producer_ids.error())));
    }

    kafka::broker_config k;
    k.node_id = config.node_id;
    k.advertised_host = config.advertised_kafka().host;
    k.advertised_port = config.advertised_kafka().port;
    k.cluster_id = *cluster_id;
    k.data_dir = config.data_dir;
    k.auto_create_topics_enable = config.auto_create_topics_enable;
    k.topic_creation.default_partition_count = config.num_partitions;
    k.topic_creation.default_replication_factor = static_cast<int16_t>(config.default_replication_factor);
    k.topic_creation.partition_count_max = config.topic_partitions_max;
    const cluster::topic_config_defaults defaults = topic_defaults(config);
    k.settings = std::make_shared<kafka::live_broker_settings>(described_settings(config));
    k.groups = group_settings(config);
    if (const std::string invalid = kafka::groups::validate(k.groups.coordinator); !invalid.empty()) {
        return sb::unexpected("consumer group settings: " + invalid);
    }
    // The defaults must themselves be valid topic configs, or no partition could open.
    if (auto problem = topic_defaults_problem(config, nullptr)) return sb::unexpected(std::move(*problem));

    std::vector<boost::asio::any_io_executor> executors;
    for (unsigned s = 0; s < shards.size(); ++s) executors.push_back(shards.context(s).get_executor());
    auto& fsync_latency = metrics::registry::global().get_histogram(
        "streambus_storage_fsync_latency_seconds", "Time one fsync of a log or index file takes.", {},
        metrics::latency_buckets_seconds());
    auto services = std::make_shared<kafka::broker_services>();
    services->partitions = std::make_shared<cluster::partition_manager>(
        partition_settings(config, defaults), std::move(executors), blocking_pool,
        cluster::timed_file_system(storage::posix_file_system(), fsync_latency));
    services->producer_ids = *producer_ids;
    services->limits = data_path_limits(config);
    services->delayed = std::make_shared<kafka::delayed_request_gauges>(shards.size());
    register_data_path_gauges(services->delayed);
    services->groups = std::make_shared<kafka::group_service>(services->partitions, *topics, k);
    runtime->services = services;

    // Recovery runs once the shards start; readiness waits for it.
    health.report("storage", http::component_state::starting, "recovering partition logs");
    boost::asio::co_spawn(
        shards.context(0),
        recover_partitions(services->partitions, (*topics)->snapshot(), config.testing_recovery_hold_file, health),
        [&health, services](std::exception_ptr e, sb::status recovered) {
            const std::size_t open = services->partitions->open_partitions();
            if (e || !recovered) {
                sb::logging::get("app")->error("storage recovery failed; {} partitions are served", open);
                health.report("storage", http::component_state::failed, "some partitions could not be opened");
                return;
            }
            sb::logging::get("app")->info("storage recovered: {} partitions open", open);
            health.report("storage", http::component_state::ready, std::to_string(open) + " partitions open");
            // The group coordinators load once their partitions are open.
            if (auto offsets_topic = services->groups->offsets_topic()) {
                boost::asio::co_spawn(services->partitions->executor(0), services->groups->start(offsets_topic),
                                      boost::asio::detached);
            }
        });

    kafka_services out;
    out.cluster_id = *cluster_id;
    out.topics = *topics;
    out.partitions = services->partitions;
    out.runtime = runtime;
    out.settings = k.settings;
    out.group_inspector = std::make_shared<kafka::group_inspector>(services);
    out.group_lag = std::make_shared<kafka::group_lag_metrics>(services);
    out.handler_factory =
        kafka::make_request_handler_factory(k, out.topics, shards.context(0).get_executor(), services);
    return out;
}

}  // namespace sb::app

#pragma once
// The broker's settings: one table of every setting (name, type, default, unit, allowed
// range, description), filled from defaults, then a YAML file (--config), then
// STREAMBUS_* environment variables, then command-line flags — each later source
// overriding the earlier ones.
//
// Names are Kafka-style dotted keys ("node.id", "socket.request.max.bytes"). The same key
// is the YAML key, the environment variable with dots as underscores upper-cased
// (STREAMBUS_NODE_ID) and the flag with dots as dashes (--node-id).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/endpoint.h"

namespace sb::app {

struct broker_config {
    int32_t node_id = 1;
    std::string data_dir = "./streambus-data";
    net::endpoint kafka_addr{"127.0.0.1", 9092};
    std::optional<net::endpoint> advertise_kafka_addr;  // defaults to kafka_addr
    std::optional<net::endpoint> admin_addr = net::endpoint{"127.0.0.1", 8080};  // empty: no admin listener
    net::endpoint rpc_addr{"127.0.0.1", 33145};
    uint32_t smp = 0;  // 0 (smp left empty): one shard per available core
    std::string log_level = "info";
    std::string log_format = "text";
    int64_t socket_request_max_bytes = 100 * 1024 * 1024;
    int64_t connections_max_idle_ms = 10 * 60 * 1000;
    int64_t max_connections = 10000;
    int64_t connection_inflight_max_requests = 16;
    int64_t connection_inflight_max_bytes = 16 * 1024 * 1024;
    int64_t shutdown_timeout_ms = 30 * 1000;
    int32_t num_partitions = 1;
    int32_t default_replication_factor = 1;
    int32_t topic_partitions_max = 10000;
    bool auto_create_topics_enable = true;

    // Broker defaults for topic configs (Kafka's broker names; the topic config each one
    // defaults is in docs/configuration.md).
    int64_t log_segment_bytes = 1073741824;
    int64_t log_roll_ms = 604800000;
    int64_t log_index_size_max_bytes = 10485760;
    int64_t log_index_interval_bytes = 4096;
    int64_t log_flush_interval_messages = INT64_MAX;
    int64_t log_flush_interval_ms = INT64_MAX;
    int64_t log_retention_ms = 604800000;
    int64_t log_retention_bytes = -1;
    std::string log_cleanup_policy = "delete";
    int64_t log_cleaner_delete_retention_ms = 86400000;
    int64_t log_cleaner_min_compaction_lag_ms = 0;
    int64_t log_cleaner_max_compaction_lag_ms = INT64_MAX;
    int64_t message_max_bytes = 1048588;
    std::string log_message_timestamp_type = "CreateTime";
    int64_t log_message_timestamp_before_max_ms = INT64_MAX;
    int64_t log_message_timestamp_after_max_ms = INT64_MAX;

    // The data path.
    bool log_flush_on_ack = true;
    int64_t storage_blocking_threads = 4;
    int64_t log_open_segments_max = 256;
    int64_t log_memory_tail_partition_bytes = 4 * 1024 * 1024;
    int64_t log_memory_tail_shard_bytes = 8 * 1024 * 1024;
    int64_t producer_id_expiration_ms = 86400000;
    int64_t producer_state_partition_max_producers = 10000;
    int64_t fetch_delayed_max_requests = 10000;
    int64_t produce_delayed_max_requests = 10000;
    int64_t max_incremental_fetch_session_cache_slots = 1000;
    int64_t fetch_session_partitions_max = 10000;
    int64_t fetch_wait_max_ms = 30000;

    // Tests only: start-up recovery waits while this file exists (empty: never).
    std::string testing_recovery_hold_file;
    // Every setting's text after merging, and the settings that the YAML file, the
    // environment or a flag set (DescribeConfigs reports those as STATIC_BROKER_CONFIG).
    std::map<std::string, std::string> setting_texts;
    std::set<std::string> configured_settings;
    // Consumer groups (docs/consumer-groups.md).
    int64_t offsets_topic_num_partitions = 50;
    int64_t offsets_topic_replication_factor = 1;
    int64_t offsets_topic_segment_bytes = 104857600;
    int64_t offsets_load_buffer_size = 5242880;
    int64_t offsets_commit_timeout_ms = 5000;
    int64_t offsets_retention_minutes = 10080;
    int64_t offsets_retention_check_interval_ms = 600000;
    int64_t offset_metadata_max_bytes = 4096;
    int64_t group_min_session_timeout_ms = 6000;
    int64_t group_max_session_timeout_ms = 1800000;
    int64_t group_initial_rebalance_delay_ms = 3000;
    int64_t group_max_size = 2147483647;
    int64_t group_new_member_join_timeout_ms = 300000;
    int64_t group_max_count = 100000;

    const net::endpoint& advertised_kafka() const {
        return advertise_kafka_addr ? *advertise_kafka_addr : kafka_addr;
    }
};

// optional_endpoint: host:port, or empty to mean "not set" (see each setting).
enum class setting_type { integer, string, endpoint, optional_endpoint, choice };

struct setting {
    const char* name;         // "node.id"
    setting_type type;
    const char* default_text; // as it would be written in YAML
    const char* unit;         // "ms", "bytes", "" ...
    int64_t min = 0;          // integers only
    int64_t max = 0;
    std::vector<std::string> choices;  // choice only
    const char* description;
    // Changes on SIGHUP without a restart (docs/configuration.md lists which; serve.cc
    // applies them, config_reload.h decides what changed).
    bool dynamic = false;
};

// Every setting, in documentation order.
const std::vector<setting>& settings();

// "node.id" -> "--node-id" and "STREAMBUS_NODE_ID".
std::string flag_name(const std::string& key);
std::string env_name(const std::string& key);

// Raw values by key from each source; later sources win.
struct config_sources {
    std::map<std::string, std::string> yaml;
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> flags;
};

// Reads a YAML file of flat `key: value` pairs. Errors name the file and the key.
sb::result<std::map<std::string, std::string>, std::string> read_yaml_file(const std::string& path);
// Collects STREAMBUS_* variables that name a setting. Other STREAMBUS_* names are
// returned in `unknown` for a start-up warning (scripts often export extra variables).
struct environment_settings {
    std::map<std::string, std::string> values;
    std::vector<std::string> unknown;
};
environment_settings read_environment(char** environ_ptr);

// Merges and validates. The error is one line naming the setting, its source, and the
// allowed values ("node.id (flag --node-id): -5 is outside [0, 2147483647]").
sb::result<broker_config, std::string> build_config(const config_sources& sources);
// The same merge and validation, giving every setting's value as text (defaults included).
sb::result<std::map<std::string, std::string>, std::string> resolve_settings(const config_sources& sources);

}  // namespace sb::app

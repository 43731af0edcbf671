#include "app/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <functional>

#include <yaml-cpp/yaml.h>

namespace sb::app {
namespace {

const setting* find_setting(const std::string& key) {
    for (const auto& s : settings()) {
        if (key == s.name) return &s;
    }
    return nullptr;
}

// Assigns a validated value to its field of broker_config.
using applier = std::function<void(broker_config&, const std::string& text, int64_t number)>;

const std::map<std::string, applier>& appliers() {
    auto ep = [](net::endpoint broker_config::*field) {
        return [field](broker_config& c, const std::string& t, int64_t) { c.*field = *net::parse_endpoint(t); };
    };
    auto optional_ep = [](std::optional<net::endpoint> broker_config::*field) {
        return [field](broker_config& c, const std::string& t, int64_t) {
            if (t.empty()) {
                (c.*field).reset();
            } else {
                c.*field = *net::parse_endpoint(t);
            }
        };
    };
    auto integer = [](int64_t broker_config::*field) {
        return [field](broker_config& c, const std::string&, int64_t n) { c.*field = n; };
    };
    auto text = [](std::string broker_config::*field) {
        return [field](broker_config& c, const std::string& t, int64_t) { c.*field = t; };
    };
    auto flag = [](bool broker_config::*field) {
        return [field](broker_config& c, const std::string& t, int64_t) { c.*field = t == "true"; };
    };
    static const std::map<std::string, applier> table = {
        {"node.id", [](broker_config& c, const std::string&, int64_t n) { c.node_id = static_cast<int32_t>(n); }},
        {"data.dir", [](broker_config& c, const std::string& t, int64_t) { c.data_dir = t; }},
        {"kafka.addr", ep(&broker_config::kafka_addr)},
        {"advertise.kafka.addr", optional_ep(&broker_config::advertise_kafka_addr)},
        {"admin.addr", optional_ep(&broker_config::admin_addr)},
        {"rpc.addr", ep(&broker_config::rpc_addr)},
        {"smp", [](broker_config& c, const std::string&, int64_t n) { c.smp = static_cast<uint32_t>(n); }},
        {"log.level", [](broker_config& c, const std::string& t, int64_t) { c.log_level = t; }},
        {"log.format", [](broker_config& c, const std::string& t, int64_t) { c.log_format = t; }},
        {"socket.request.max.bytes", [](broker_config& c, const std::string&, int64_t n) { c.socket_request_max_bytes = n; }},
        {"connections.max.idle.ms", [](broker_config& c, const std::string&, int64_t n) { c.connections_max_idle_ms = n; }},
        {"max.connections", [](broker_config& c, const std::string&, int64_t n) { c.max_connections = n; }},
        {"connection.inflight.max.requests", integer(&broker_config::connection_inflight_max_requests)},
        {"connection.inflight.max.bytes", integer(&broker_config::connection_inflight_max_bytes)},
        {"shutdown.timeout.ms", [](broker_config& c, const std::string&, int64_t n) { c.shutdown_timeout_ms = n; }},
        {"num.partitions", [](broker_config& c, const std::string&, int64_t n) { c.num_partitions = static_cast<int32_t>(n); }},
        {"default.replication.factor",
         [](broker_config& c, const std::string&, int64_t n) { c.default_replication_factor = static_cast<int32_t>(n); }},
        {"topic.partitions.max",
         [](broker_config& c, const std::string&, int64_t n) { c.topic_partitions_max = static_cast<int32_t>(n); }},
        {"auto.create.topics.enable", flag(&broker_config::auto_create_topics_enable)},
        {"log.segment.bytes", integer(&broker_config::log_segment_bytes)},
        {"log.roll.ms", integer(&broker_config::log_roll_ms)},
        {"log.index.size.max.bytes", integer(&broker_config::log_index_size_max_bytes)},
        {"log.index.interval.bytes", integer(&broker_config::log_index_interval_bytes)},
        {"log.flush.interval.messages", integer(&broker_config::log_flush_interval_messages)},
        {"log.flush.interval.ms", integer(&broker_config::log_flush_interval_ms)},
        {"log.retention.ms", integer(&broker_config::log_retention_ms)},
        {"log.retention.bytes", integer(&broker_config::log_retention_bytes)},
        {"log.cleanup.policy", text(&broker_config::log_cleanup_policy)},
        {"log.cleaner.delete.retention.ms", integer(&broker_config::log_cleaner_delete_retention_ms)},
        {"log.cleaner.min.compaction.lag.ms", integer(&broker_config::log_cleaner_min_compaction_lag_ms)},
        {"log.cleaner.max.compaction.lag.ms", integer(&broker_config::log_cleaner_max_compaction_lag_ms)},
        {"message.max.bytes", integer(&broker_config::message_max_bytes)},
        {"log.message.timestamp.type", text(&broker_config::log_message_timestamp_type)},
        {"log.message.timestamp.before.max.ms", integer(&broker_config::log_message_timestamp_before_max_ms)},
        {"log.message.timestamp.after.max.ms", integer(&broker_config::log_message_timestamp_after_max_ms)},
        {"log.flush.on.ack", flag(&broker_config::log_flush_on_ack)},
        {"storage.blocking.threads", integer(&broker_config::storage_blocking_threads)},
        {"log.open.segments.max", integer(&broker_config::log_open_segments_max)},
        {"log.memory.tail.partition.bytes", integer(&broker_config::log_memory_tail_partition_bytes)},
        {"log.memory.tail.shard.bytes", integer(&broker_config::log_memory_tail_shard_bytes)},
        {"producer.id.expiration.ms", integer(&broker_config::producer_id_expiration_ms)},
        {"producer.state.partition.max.producers", integer(&broker_config::producer_state_partition_max_producers)},
        {"fetch.delayed.max.requests", integer(&broker_config::fetch_delayed_max_requests)},
        {"produce.delayed.max.requests", integer(&broker_config::produce_delayed_max_requests)},
        {"max.incremental.fetch.session.cache.slots", integer(&broker_config::max_incremental_fetch_session_cache_slots)},
        {"fetch.session.partitions.max", integer(&broker_config::fetch_session_partitions_max)},
        {"fetch.wait.max.ms", integer(&broker_config::fetch_wait_max_ms)},
        {"testing.recovery.hold.file", text(&broker_config::testing_recovery_hold_file)},
        {"offsets.topic.num.partitions", integer(&broker_config::offsets_topic_num_partitions)},
        {"offsets.topic.replication.factor", integer(&broker_config::offsets_topic_replication_factor)},
        {"offsets.topic.segment.bytes", integer(&broker_config::offsets_topic_segment_bytes)},
        {"offsets.load.buffer.size", integer(&broker_config::offsets_load_buffer_size)},
        {"offsets.commit.timeout.ms", integer(&broker_config::offsets_commit_timeout_ms)},
        {"offsets.retention.minutes", integer(&broker_config::offsets_retention_minutes)},
        {"offsets.retention.check.interval.ms", integer(&broker_config::offsets_retention_check_interval_ms)},
        {"offset.metadata.max.bytes", integer(&broker_config::offset_metadata_max_bytes)},
        {"group.min.session.timeout.ms", integer(&broker_config::group_min_session_timeout_ms)},
        {"group.max.session.timeout.ms", integer(&broker_config::group_max_session_timeout_ms)},
        {"group.initial.rebalance.delay.ms", integer(&broker_config::group_initial_rebalance_delay_ms)},
        {"group.max.size", integer(&broker_config::group_max_size)},
        {"group.new.member.join.timeout.ms", integer(&broker_config::group_new_member_join_timeout_ms)},
        {"group.max.count", integer(&broker_config::group_max_count)},
    };
    return table;
}

std::string describe_source(const std::string& source, const std::string& key) {
    if (source == "flag") return "flag " + flag_name(key);
    if (source == "env") return "environment " + env_name(key);
    if (source == "yaml") return "config file";
    return "default";
}

// Checks `text` against the setting; returns the parsed integer (0 for non-integers).
sb::result<int64_t, std::string> validate(const setting& s, const std::string& text) {
    switch (s.type) {
        case setting_type::integer: {
            // An integer whose default is empty ("smp") means "decide at start-up" when unset.
            if (text.empty() && *s.default_text == '\0') return int64_t{0};
            int64_t v = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            const std::string range = "[" + std::to_string(s.min) + ", " + std::to_string(s.max) + "]" +
                                      (std::strlen(s.unit) ? std::string(" ") + s.unit : std::string());
            if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
                return sb::unexpected("'" + text + "' is not an integer in " + range);
            }
            if (v < s.min || v > s.max) return sb::unexpected(text + " is outside " + range);
            return v;
        }
        case setting_type::optional_endpoint:
        case setting_type::endpoint: {
            if (text.empty() && s.type == setting_type::optional_endpoint) return int64_t{0};
            auto ep = net::parse_endpoint(text);
            if (!ep) return sb::unexpected("'" + text + "': " + ep.error());
            return int64_t{0};
        }
        case setting_type::choice: {
            if (std::find(s.choices.begin(), s.choices.end(), text) == s.choices.end()) {
                std::string allowed;
                for (const auto& c : s.choices) allowed += (allowed.empty() ? "" : ", ") + c;
                return sb::unexpected("'" + text + "' is not one of: " + allowed);
            }
            return int64_t{0};
        }
        case setting_type::string:
            // A string whose default is empty may be left empty: it means "not set".
            if (text.empty() && *s.default_text != '\0') return sb::unexpected(std::string("must not be empty"));
            return int64_t{0};
    }
    return int64_t{0};
}

}  // namespace

std::string flag_name(const std::string& key) {
    std::string out = "--" + key;
    std::replace(out.begin(), out.end(), '.', '-');
    return out;
}

std::string env_name(const std::string& key) {
    std::string out = "STREAMBUS_";
    for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
}

sb::result<std::map<std::string, std::string>, std::string> read_yaml_file(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        return sb::unexpected("config file " + path + ": " + e.what());
    }
    std::map<std::string, std::string> out;
    if (root.IsNull()) return out;
    if (!root.IsMap()) return sb::unexpected("config file " + path + ": expected a mapping of setting: value");
    for (const auto& item : root) {
        const std::string key = item.first.as<std::string>();
        if (find_setting(key) == nullptr) {
            return sb::unexpected("config file " + path + ": unknown setting '" + key + "'");
        }
        if (!item.second.IsScalar() && !item.second.IsNull()) {
            return sb::unexpected("config file " + path + ": setting '" + key + "' must be a single value");
        }
        out[key] = item.second.IsNull() ? std::string() : item.second.as<std::string>();
    }
    return out;
}

environment_settings read_environment(char** environ_ptr) {
    std::map<std::string, std::string> by_env;
    for (const auto& s : settings()) by_env[env_name(s.name)] = s.name;
    environment_settings out;
    for (char** e = environ_ptr; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        if (!entry.starts_with("STREAMBUS_")) continue;
        auto eq = entry.find('=');
        std::string name(entry.substr(0, eq));
        std::string value(eq == std::string_view::npos ? "" : entry.substr(eq + 1));
        auto it = by_env.find(name);
        if (it == by_env.end()) {
            out.unknown.push_back(name);
        } else {
            out.values[it->second] = value;
        }
    }
    return out;
}

sb::result<std::map<std::string, std::string>, std::string> resolve_settings(const config_sources& sources) {
    std::map<std::string, std::string> out;
    for (const auto& s : settings()) {
        std::string text = s.default_text;
        std::string source = "default";
        for (const auto& [name, layer] : {std::pair{"yaml", &sources.yaml}, std::pair{"env", &sources.env},
                                          std::pair{"flag", &sources.flags}}) {
            if (auto it = layer->find(s.name); it != layer->end()) {
                text = it->second;
                source = name;
            }
        }
        auto checked = validate(s, text);
        if (!checked) {
            return sb::unexpected(std::string(s.name) + " (" + describe_source(source, s.name) + "): " + checked.error());
        }
        out[s.name] = text;
    }
    return out;
}

sb::result<broker_config, std::string> build_config(const config_sources& sources) {
    auto resolved = resolve_settings(sources);
    if (!resolved) return sb::unexpected(resolved.error());
    broker_config config;
    for (const auto& s : settings()) {
        const std::string& text = resolved->at(s.name);
        // Validated above; validate() again only to get the integer.
        appliers().at(s.name)(config, text, *validate(s, text));
        config.setting_texts[s.name] = text;
        if (sources.yaml.contains(s.name) || sources.env.contains(s.name) || sources.flags.contains(s.name)) {
            config.configured_settings.insert(s.name);
        }
    }
    return config;
}

}  // namespace sb::app

#pragma once
// What DescribeConfigs (and CreateTopics v5+) say about each config of a topic or of
// this broker: its value, where the value comes from, and Kafka's "synonyms" - every
// place a value for it is set, highest precedence first:
//
//   retention.ms       = 3600000    DYNAMIC_TOPIC_CONFIG  (set on the topic)
//   log.retention.ms   = 86400000   STATIC_BROKER_CONFIG  (the broker's setting, if set)
//   log.retention.ms   = 604800000  DEFAULT_CONFIG        (the built-in default)
//
// A topic config whose broker setting was not set in the broker's configuration takes
// Kafka's default; one with no broker setting at all (the replication throttles, the
// tiered-storage switches) has only its topic value, if any, as synonym. The broker's
// defaults are those in force (cluster::partition_manager::topic_defaults): a SIGHUP may
// change them. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/partition_config.h"
#include "cluster/topic_config_schema.h"
#include "cluster/topic_metadata.h"
#include "kafka/broker_config.h"
#include "kafka/config_source.h"

namespace sb::kafka {

struct config_synonym {
    std::string name;
    std::optional<std::string> value;
    config_source source = config_source::default_config;
    friend bool operator==(const config_synonym&, const config_synonym&) = default;
};

struct described_config {
    std::string name;
    std::optional<std::string> value;
    config_source source = config_source::default_config;
    bool read_only = false;
    bool is_sensitive = false;
    std::vector<config_synonym> synonyms;  // the first one is where `value` comes from
    cluster::config_type type = cluster::config_type::string;
    std::string_view documentation;
};

// Every topic config (sorted by name) of `topic`, over the broker's defaults for topic
// configs that its configuration sets (reported as STATIC_BROKER_CONFIG).
std::vector<described_config> describe_topic_configs(const cluster::topic_metadata& topic,
                                                     const cluster::topic_config_defaults& defaults);

// Every broker setting of `settings` (a snapshot of broker_config::settings, the values in
// force), read-only: the Kafka protocol changes none of them. A value set at run time
// through the admin API is DYNAMIC_BROKER_CONFIG, over the sources' value and the default.
// The broker defaults of topic configs are taken from `topic_defaults`, those the
// partitions run with (a SIGHUP may have changed them since the start).
std::vector<described_config> describe_broker_configs(const std::vector<broker_setting>& settings,
                                                      const cluster::topic_config_defaults& topic_defaults);

}  // namespace sb::kafka

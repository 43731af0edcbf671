#pragma once
// What the Kafka layer needs to know about this broker. A plain struct that the app fills
// from its config system (names in the comments are the config keys, Kafka's where Kafka
// has one) and hands to make_request_handler_factory. Read-only after start-up.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cluster/partition_config.h"
#include "cluster/topic_config_schema.h"
#include "cluster/topic_creation.h"
#include "kafka/group_settings.h"

namespace sb::kafka {

// One of the broker's settings, as DescribeConfigs reports it for the BROKER resource.
struct broker_setting {
    std::string name;                          // Kafka's name where Kafka has the setting
    std::optional<std::string> value;          // null for an optional setting left empty
    std::optional<std::string> default_value;  // the built-in default (null when empty)
    bool configured = false;                   // set by the config file, environment or a flag
    cluster::config_type type = cluster::config_type::string;
    std::string documentation;
};

struct broker_config {
    int32_t node_id = 1;                          // node.id
    // Where clients should connect (Metadata's broker list): the advertised listener.
    std::string advertised_host = "127.0.0.1";
    int32_t advertised_port = 9092;
    std::optional<std::string> rack;              // broker.rack; none by default
    // From cluster::load_or_create_cluster_id(data_dir).
    std::string cluster_id;
    std::filesystem::path data_dir;               // data.dir
    // auto.create.topics.enable (Kafka's default, true): Metadata and Produce create the
    // topics they name that do not exist (kafka/topic_auto_creation.h).
    bool auto_create_topics_enable = true;
    // num.partitions, default.replication.factor, topic.partitions.max.
    cluster::topic_creation_policy topic_creation;
    // Every setting, for DescribeConfigs (none can change while the broker runs).
    std::vector<broker_setting> settings;
    // The consumer group coordinators and their __consumer_offsets topic.
    group_settings groups;
};

}  // namespace sb::kafka

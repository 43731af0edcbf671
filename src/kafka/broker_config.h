#pragma once
// What the Kafka layer needs to know about this broker. A plain struct that the app fills
// from its config system (names in the comments are the config keys, Kafka's where Kafka
// has one) and hands to make_request_handler_factory. Read-only after start-up, except
// for what `settings` points to.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/partition_config.h"
#include "cluster/topic_config_schema.h"
#include "cluster/topic_creation.h"
#include "kafka/broker_settings.h"
#include "kafka/group_settings.h"

namespace sb::kafka {

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
    // Every setting in force, for DescribeConfigs: the dynamic ones change while the
    // broker runs (SIGHUP, PUT /v1/log-level), so the describe reads its snapshot.
    std::shared_ptr<live_broker_settings> settings = std::make_shared<live_broker_settings>();
    // The consumer group coordinators and their __consumer_offsets topic.
    group_settings groups;
};

}  // namespace sb::kafka

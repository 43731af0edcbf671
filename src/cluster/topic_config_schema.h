#pragma once
// The topic-level configs that Kafka defines (its TopicConfig names, as of Kafka 3.9),
// with Kafka's default values, their types, the broker setting that supplies each one's
// default (Kafka's "synonym", e.g. log.retention.ms for retention.ms) and a one-line
// description. A topic stores only the configs that were set on it; the others take the
// broker's default, else these defaults.
//
// CreateTopics, AlterConfigs and IncrementalAlterConfigs refuse any other name with
// INVALID_CONFIG; partition_config.h checks the values.

#include <cstdint>
#include <span>
#include <string_view>

namespace sb::cluster {

// Kafka's ConfigType ids, as DescribeConfigs v3+ reports them.
enum class config_type : int8_t { boolean = 1, string = 2, int32 = 3, int64 = 5, float64 = 6, list = 7 };

struct topic_config_definition {
    std::string_view name;
    std::string_view default_value;
    config_type type = config_type::string;
    // The broker config that defaults this topic config ("" when Kafka has none).
    std::string_view broker_synonym;
    std::string_view documentation;
};

// Every known topic config, sorted by name (the order clients are shown them in).
std::span<const topic_config_definition> topic_config_definitions();

// The definition of `name`, or nullptr for a name Kafka does not define.
const topic_config_definition* find_topic_config(std::string_view name);

}  // namespace sb::cluster

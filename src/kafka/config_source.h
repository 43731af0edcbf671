#pragma once
// Kafka's ConfigSource ids (DescribeConfigs and CreateTopics v5+ report where each config
// value comes from). Only the ones we report are listed.

#include <cstdint>
#include <string_view>

namespace sb::kafka {

enum class config_source : int8_t {
    dynamic_topic_config = 1,  // set on the topic itself
    dynamic_broker_config = 2, // set on this broker while it runs (PUT /v1/log-level)
    static_broker_config = 4,  // the broker's setting, from its config file, environment or flags
    default_config = 5,        // nobody set it: the built-in default
};

// Kafka's name of the source (ConfigSource's enum constant): "DYNAMIC_TOPIC_CONFIG", ...
constexpr std::string_view config_source_name(config_source source) {
    switch (source) {
        case config_source::dynamic_topic_config:
            return "DYNAMIC_TOPIC_CONFIG";
        case config_source::dynamic_broker_config:
            return "DYNAMIC_BROKER_CONFIG";
        case config_source::static_broker_config:
            return "STATIC_BROKER_CONFIG";
        case config_source::default_config:
            return "DEFAULT_CONFIG";
    }
    return "UNKNOWN";
}

}  // namespace sb::kafka

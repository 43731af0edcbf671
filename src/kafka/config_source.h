#pragma once
// Kafka's ConfigSource ids (DescribeConfigs and CreateTopics v5+ report where each config
// value comes from). Only the ones we report are listed.

#include <cstdint>

namespace sb::kafka {

enum class config_source : int8_t {
    dynamic_topic_config = 1,  // set on the topic itself
    static_broker_config = 4,  // the broker's setting, from its config file, environment or flags
    default_config = 5,        // nobody set it: the built-in default
};

}  // namespace sb::kafka

#pragma once
// A topic's configuration as the broker reports it (DescribeConfigs).

#include <optional>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "base/result.h"

namespace sb::cli {

struct topic_config_entry {
    std::string name;
    std::optional<std::string> value;  // nullopt: sensitive or unset
    rd_kafka_ConfigSource_t source = RD_KAFKA_CONFIG_SOURCE_UNKNOWN_CONFIG;
};

// The topic's entries sorted by name.
result<std::vector<topic_config_entry>, std::string> describe_topic_configs(rd_kafka_t* rk, const std::string& topic,
                                                                            int timeout_ms);

// "DYNAMIC_TOPIC_CONFIG", "DEFAULT_CONFIG", ...
std::string source_name(rd_kafka_ConfigSource_t source);

}  // namespace sb::cli

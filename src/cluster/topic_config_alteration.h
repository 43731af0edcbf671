#pragma once
// Changing the configs set on a topic, with Kafka's semantics and error messages:
//  - replace_topic_configs (AlterConfigs): the topic's own configs become exactly the
//    ones given; every config not named goes back to its default.
//  - alter_topic_configs (IncrementalAlterConfigs): SET, DELETE, APPEND and SUBTRACT,
//    applied one after another to the topic's current configs. APPEND and SUBTRACT work
//    on list-typed configs only (cleanup.policy, ...): they treat the value as a
//    comma-separated list, starting from Kafka's default when the topic has none.
//
// Checks, in Kafka's order: a name given twice and a null value (other than DELETE's)
// are INVALID_REQUEST; an unknown operation is INVALID_REQUEST; APPEND/SUBTRACT on a
// config that is not a list, an unknown config name and a bad value are INVALID_CONFIG
// with a message naming the config. Pure; any thread.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "base/result.h"
#include "cluster/topic_metadata.h"

namespace sb::cluster {

using topic_configs = std::map<std::string, std::string, std::less<>>;

// Kafka's AlterConfigOp.OpType ids.
enum class config_operation : int8_t { set = 0, remove = 1, append = 2, subtract = 3 };

// One entry of an AlterConfigs resource.
struct config_entry {
    std::string name;
    std::optional<std::string> value;
};

// One entry of an IncrementalAlterConfigs resource; `operation` is the wire byte.
struct config_change {
    std::string name;
    int8_t operation = 0;
    std::optional<std::string> value;
};

sb::result<topic_configs, topic_error> replace_topic_configs(std::span<const config_entry> entries);

sb::result<topic_configs, topic_error> alter_topic_configs(const topic_configs& current,
                                                           std::span<const config_change> changes);

}  // namespace sb::cluster

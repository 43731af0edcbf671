#pragma once
// The topic-level configs that Kafka defines (its TopicConfig names, as of Kafka 3.9),
// with Kafka's default values. A topic stores only the configs that were set on it; the
// others take these defaults.
//
// For now this is the list of names a topic may carry (CreateTopics rejects any other
// name with INVALID_CONFIG) and the defaults reported back to clients. Validating the
// values, and honouring them in the log, comes with the data path.

#include <optional>
#include <span>
#include <string_view>

namespace sb::cluster {

struct topic_config_definition {
    std::string_view name;
    std::string_view default_value;
};

// Every known topic config, sorted by name (the order clients are shown them in).
std::span<const topic_config_definition> topic_config_definitions();

// The definition of `name`, or nullptr for a name Kafka does not define.
const topic_config_definition* find_topic_config(std::string_view name);

}  // namespace sb::cluster

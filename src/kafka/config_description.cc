#include "kafka/config_description.h"

namespace sb::kafka {

std::vector<described_config> describe_topic_configs(const cluster::topic_metadata& topic,
                                                     const cluster::topic_config_defaults& defaults) {
    std::vector<described_config> out;
    for (const auto& def : cluster::topic_config_definitions()) {
        described_config& entry = out.emplace_back();
        entry.name = std::string(def.name);
        entry.type = def.type;
        entry.documentation = def.documentation;
        if (auto own = topic.configs.find(def.name); own != topic.configs.end()) {
            entry.synonyms.push_back({entry.name, own->second, config_source::dynamic_topic_config});
        }
        if (!def.broker_synonym.empty()) {
            const std::string broker_name(def.broker_synonym);
            if (auto set = defaults.find(def.name); set != defaults.end()) {
                entry.synonyms.push_back({broker_name, set->second, config_source::static_broker_config});
            }
            entry.synonyms.push_back({broker_name, std::string(def.default_value), config_source::default_config});
        }
        entry.value = cluster::effective_topic_config(topic.configs, defaults, def.name);
        entry.source = entry.synonyms.empty() ? config_source::default_config : entry.synonyms.front().source;
    }
    return out;
}

namespace {

// The topic config whose broker default `setting` is (log.retention.ms: retention.ms).
const cluster::topic_config_definition* topic_config_defaulted_by(std::string_view setting) {
    for (const auto& def : cluster::topic_config_definitions()) {
        if (def.broker_synonym == setting) return &def;
    }
    return nullptr;
}

}  // namespace

std::vector<described_config> describe_broker_configs(const std::vector<broker_setting>& settings,
                                                      const cluster::topic_config_defaults& topic_defaults) {
    std::vector<described_config> out;
    for (const broker_setting& setting : settings) {
        described_config& entry = out.emplace_back();
        entry.name = setting.name;
        entry.read_only = true;
        entry.type = setting.type;
        entry.documentation = setting.documentation;
        std::optional<std::string> value = setting.value;
        bool configured = setting.configured;
        // The partitions' defaults are what a broker default of a topic config is in force.
        if (const auto* def = topic_config_defaulted_by(setting.name)) {
            const auto set = topic_defaults.find(std::string(def->name));
            configured = set != topic_defaults.end();
            value = configured ? std::optional<std::string>(set->second) : setting.default_value;
        }
        if (setting.runtime_value) {
            entry.synonyms.push_back({setting.name, setting.runtime_value, config_source::dynamic_broker_config});
        }
        if (configured) entry.synonyms.push_back({setting.name, value, config_source::static_broker_config});
        entry.synonyms.push_back({setting.name, setting.default_value, config_source::default_config});
        entry.value = entry.synonyms.front().value;
        entry.source = entry.synonyms.front().source;
    }
    return out;
}

}  // namespace sb::kafka

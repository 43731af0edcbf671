#pragma once
// The broker's settings in force, as DescribeConfigs reports them for the BROKER resource.
//
// One list, published whole: readers (DescribeConfigs on any shard) take the current
// snapshot without a lock and keep it alive while they use it; writers (a SIGHUP reload
// on the signal thread, PUT /v1/log-level on the admin loop) copy it, change the copy and
// publish it, one writer at a time. A snapshot never changes once published.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/topic_config_schema.h"

namespace sb::kafka {

// One of the broker's settings.
struct broker_setting {
    std::string name;                          // Kafka's name where Kafka has the setting
    std::optional<std::string> value;          // from the sources (file, environment, flags) or
                                               // the default; null for an optional setting left empty
    std::optional<std::string> default_value;  // the built-in default (null when empty)
    bool configured = false;                   // set by the config file, environment or a flag
    // Set while the broker runs through the admin API (PUT /v1/log-level sets log.level);
    // it wins over `value` until a reload changes the setting in its sources.
    std::optional<std::string> runtime_value;
    cluster::config_type type = cluster::config_type::string;
    std::string documentation;
};

// A setting's new value after a reload of its sources.
struct reloaded_setting {
    std::string name;
    std::optional<std::string> value;
    bool configured = false;
};

class live_broker_settings {
public:
    live_broker_settings() : current_(std::make_shared<const std::vector<broker_setting>>()) {}
    explicit live_broker_settings(std::vector<broker_setting> settings)
        : current_(std::make_shared<const std::vector<broker_setting>>(std::move(settings))) {}

    std::shared_ptr<const std::vector<broker_setting>> snapshot() const { return current_.load(); }

    // A reload changed these settings in their sources: each takes its new value, and a
    // value set at run time no longer wins. Names that are not settings are ignored.
    void reloaded(const std::vector<reloaded_setting>& changes);
    // The admin API set `name` while the broker runs. False when there is no such setting.
    bool set_at_runtime(std::string_view name, std::string value);

private:
    template <class Change>
    void update(Change change) {
        std::lock_guard writing(writer_);
        auto next = std::make_shared<std::vector<broker_setting>>(*current_.load());
        change(*next);
        current_.store(std::move(next));
    }

    std::mutex writer_;  // one writer at a time; readers never take it
    std::atomic<std::shared_ptr<const std::vector<broker_setting>>> current_;
};

}  // namespace sb::kafka

#include "kafka/broker_settings.h"

#include <algorithm>

namespace sb::kafka {
namespace {

broker_setting* find(std::vector<broker_setting>& settings, std::string_view name) {
    auto it = std::find_if(settings.begin(), settings.end(), [&](const broker_setting& s) { return s.name == name; });
    return it == settings.end() ? nullptr : &*it;
}

}  // namespace

void live_broker_settings::reloaded(const std::vector<reloaded_setting>& changes) {
    update([&](std::vector<broker_setting>& settings) {
        for (const reloaded_setting& change : changes) {
            broker_setting* setting = find(settings, change.name);
            if (setting == nullptr) continue;
            setting->value = change.value;
            setting->configured = change.configured;
            setting->runtime_value.reset();
        }
    });
}

bool live_broker_settings::set_at_runtime(std::string_view name, std::string value) {
    bool found = false;
    update([&](std::vector<broker_setting>& settings) {
        broker_setting* setting = find(settings, name);
        if (setting == nullptr) return;
        setting->runtime_value = std::move(value);
        found = true;
    });
    return found;
}

}  // namespace sb::kafka

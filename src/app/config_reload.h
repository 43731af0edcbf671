#pragma once
// Reloading the dynamic settings (SIGHUP).
//
// reload() reads the sources again - the YAML file and the environment; the command-line
// flags stay as they were given - and merges and validates them as start-up does. Then
// every setting whose value differs from the one in effect is either applied (a dynamic
// setting, through the applier registered for it) or reported as needing a restart (any
// other setting keeps the value it started with). An unreadable file, any invalid value
// or new values that are valid one by one but refused together by an applier's check
// (topic config defaults the topic-config validator refuses) refuse the whole reload:
// every check runs before any applier, so every setting in effect stays as it is, and the
// error names the setting and its source, or the problem.
//
// Threading: reload() is called from one thread (the signal thread in serve.cc); the
// appliers must be safe to call from it.

#include <functional>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "base/result.h"

namespace sb::app {

class config_reloader {
public:
    using source_reader = std::function<sb::result<config_sources, std::string>()>;
    // Applies a dynamic setting's new value, taken from the new config.
    using applier = std::function<void(const broker_config&)>;
    // Checks the new config before any applier runs: an error message refuses the reload.
    using checker = std::function<std::optional<std::string>(const broker_config&)>;
    // Told, after the appliers, which settings a reload applied (the new config's values).
    using listener = std::function<void(const broker_config&, const std::vector<std::string>& applied)>;

    struct outcome {
        bool ok = false;
        std::string error;                      // when !ok: what was wrong, naming the setting
        std::vector<std::string> applied;       // "max.connections: 10000 -> 5"
        std::vector<std::string> need_restart;  // "node.id: 1 -> 2 (needs a restart)"
    };

    // `in_effect`: every setting's value at start-up (resolve_settings of the sources).
    config_reloader(std::map<std::string, std::string> in_effect, source_reader read);

    // Registers how to apply a dynamic setting. A dynamic setting without an applier is
    // reported as needing a restart.
    void on_change(const std::string& setting, applier apply);
    // One applier for several settings: it runs once per reload in which any of them
    // changed, after the changes are all known and every check of the reload passed.
    void on_change(const std::vector<std::string>& settings, applier apply, checker check = {});
    // Called after every reload that applied something.
    void after_apply(listener listen) { listeners_.push_back(std::move(listen)); }

    // Reads, validates and applies; logs what it did (info), what needs a restart (warn)
    // and why it refused (error).
    outcome reload();

    const std::map<std::string, std::string>& in_effect() const { return in_effect_; }

private:
    std::map<std::string, std::string> in_effect_;
    source_reader read_;
    struct registered_applier {
        applier apply;
        checker check;  // may be empty
    };
    std::vector<registered_applier> appliers_;
    std::vector<listener> listeners_;
    std::map<std::string, std::size_t> applier_of_;  // setting -> its applier in appliers_
};

}  // namespace sb::app

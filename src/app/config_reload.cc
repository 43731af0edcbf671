#include "app/config_reload.h"

#include <set>

#include "base/logging.h"
#include "base/metrics.h"

namespace sb::app {
namespace {

std::string shown(const std::string& value) { return value.empty() ? "(empty)" : value; }

void count(const char* result) {
    metrics::registry::global()
        .get_counter("streambus_config_reloads_total",
                     "Reloads of the config file (SIGHUP), by result: applied (valid, dynamic changes applied) "
                     "or refused (invalid: nothing changed).",
                     {{"result", result}})
        .inc();
}

}  // namespace

config_reloader::config_reloader(std::map<std::string, std::string> in_effect, source_reader read)
    : in_effect_(std::move(in_effect)), read_(std::move(read)) {}

void config_reloader::on_change(const std::string& setting, applier apply) {
    on_change(std::vector<std::string>{setting}, std::move(apply));
}

void config_reloader::on_change(const std::vector<std::string>& settings, applier apply, checker check) {
    appliers_.push_back({std::move(apply), std::move(check)});
    for (const auto& s : settings) applier_of_[s] = appliers_.size() - 1;
}

config_reloader::outcome config_reloader::reload() {
    auto log = logging::get("app");
    outcome out;
    auto refuse = [&](std::string why) {
        out.error = std::move(why);
        log->error("config reload refused, nothing changed: {}", out.error);
        count("refused");
        return out;
    };
    auto sources = read_();
    if (!sources) return refuse(sources.error());
    auto resolved = resolve_settings(*sources);
    if (!resolved) return refuse("invalid setting " + resolved.error());
    auto config = build_config(*sources);
    if (!config) return refuse("invalid setting " + config.error());

    std::set<std::size_t> due;  // appliers to run, each once
    std::vector<std::string> applied_names;
    for (const auto& s : settings()) {
        const std::string& now = in_effect_.at(s.name);
        const std::string& next = resolved->at(s.name);
        if (now == next) continue;
        const std::string change = std::string(s.name) + ": " + shown(now) + " -> " + shown(next);
        auto apply = applier_of_.find(s.name);
        if (!s.dynamic || apply == applier_of_.end()) {
            out.need_restart.push_back(change + " (needs a restart)");
            continue;
        }
        due.insert(apply->second);
        applied_names.push_back(s.name);
        out.applied.push_back(change);
    }
    // Every check before any change: a refused reload leaves everything as it was.
    for (std::size_t i : due) {
        if (!appliers_[i].check) continue;
        if (auto problem = appliers_[i].check(*config)) {
            out.applied.clear();
            out.need_restart.clear();
            return refuse(std::move(*problem));
        }
    }
    for (const std::string& name : applied_names) in_effect_[name] = resolved->at(name);
    for (std::size_t i : due) appliers_[i].apply(*config);
    if (!applied_names.empty()) {
        for (const auto& listen : listeners_) listen(*config, applied_names);
    }
    out.ok = true;
    count("applied");
    for (const auto& c : out.need_restart) log->warn("config reload: {}; keeping the value in effect", c);
    for (const auto& c : out.applied) log->info("config reload: {}", c);
    if (out.applied.empty()) log->info("config reload: no dynamic setting changed");
    return out;
}

}  // namespace sb::app

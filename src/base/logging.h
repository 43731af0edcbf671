#pragma once
// Logging through spdlog. One named logger per component ("kafka", "net", "storage", ...)
// so that every line says where it comes from; text by default, JSON lines on request.
//
// Levels and the format can change at run time (PUT /v1/log-level, SIGHUP): every call
// here is thread-safe, and a logger created later takes the current level of its
// component.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

namespace sb::logging {

enum class format { text, json };

// Sets up the default sink, pattern and level for the whole process. Call once at start-up.
// `level` is one of trace, debug, info, warn, error, critical, off.
void init(format fmt, std::string_view level);

// Switches every line from now on to `fmt` (the sink is shared, so this is one change).
void set_format(format fmt);

// The logger for a component; created on first use, sharing the process sink.
std::shared_ptr<spdlog::logger> get(const std::string& component);

// The level names, most verbose first: trace, debug, info, warn, error, critical, off.
const std::vector<std::string>& level_names();
// The components the broker logs under (app, cluster, http, kafka, net, storage, ...).
const std::vector<std::string>& component_names();

// Changes the level of every logger at run time and forgets per-component levels.
// Returns false for an unknown level name.
bool set_level(std::string_view level);
// Changes one component's level. Returns false for an unknown level name.
bool set_component_level(const std::string& component, std::string_view level);

// The level every component without a level of its own uses.
std::string level();
// Every known component (and any other logger created) with its current level.
std::map<std::string, std::string> component_levels();

}  // namespace sb::logging

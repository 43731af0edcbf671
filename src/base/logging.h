#pragma once
// Logging through spdlog. One named logger per component ("kafka", "net", "storage", ...)
// so that every line says where it comes from; text by default, JSON lines on request.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace sb::logging {

enum class format { text, json };

// Sets up the default sink, pattern and level for the whole process. Call once at start-up.
// `level` is one of trace, debug, info, warn, error, critical, off.
void init(format fmt, std::string_view level);

// The logger for a component; created on first use, sharing the process sink.
std::shared_ptr<spdlog::logger> get(const std::string& component);

// Changes the level of every logger at run time. Returns false for an unknown level name.
bool set_level(std::string_view level);

}  // namespace sb::logging

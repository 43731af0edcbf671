#pragma once
// The command-line tool's commands (topic, produce, consume, group, cluster), added to
// the streambus binary's argument parser next to `serve`.

#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

namespace sb::cli {

// Registers the commands on `app`. The returned function runs the command the user chose
// after parsing and returns its exit code, or nullopt when no CLI command was chosen.
std::function<std::optional<int>()> add_commands(CLI::App& app);

}  // namespace sb::cli

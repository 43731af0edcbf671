#pragma once
// `streambus topic create|list|describe|delete|alter-config|add-partitions`.

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace sb::cli {

// Adds the `topic` command and its subcommands to `app`.
void add_topic_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen);

// Adds `alter-config` and `add-partitions` to the `topic` command (topic_alter_commands.cc).
void add_topic_alter_commands(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen);

}  // namespace sb::cli

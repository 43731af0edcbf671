#pragma once
// `streambus group list|describe|delete|reset-offsets`.

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace sb::cli {

void add_group_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen);

// Adds `reset-offsets` to the `group` command (group_reset_offsets.cc).
void add_group_reset_offsets_command(CLI::App& group, const std::shared_ptr<chosen_command>& chosen);

}  // namespace sb::cli

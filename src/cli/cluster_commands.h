#pragma once
// `streambus cluster info|health`.

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace sb::cli {

void add_cluster_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen);

}  // namespace sb::cli

#pragma once
// `streambus consume`: print records from partitions (chosen or all) or as a group member.

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace sb::cli {

void add_consume_command(CLI::App& app, const std::shared_ptr<chosen_command>& chosen);

}  // namespace sb::cli

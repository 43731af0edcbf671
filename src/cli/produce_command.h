#pragma once
// `streambus produce`: records from lines of stdin or a file.

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace sb::cli {

void add_produce_command(CLI::App& app, const std::shared_ptr<chosen_command>& chosen);

}  // namespace sb::cli

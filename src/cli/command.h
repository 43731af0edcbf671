#pragma once
// What every CLI command shares: how a parsed command is remembered until it runs, the
// exit codes, and the one line printed when a command fails.

#include <functional>
#include <memory>
#include <string_view>

#include <CLI/CLI.hpp>

namespace sb::cli {

// Exit codes. Usage errors found while parsing exit with CLI11's own codes (100 and up).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;

// A command ready to run: returns its exit code.
using command_fn = std::function<int()>;

// The command chosen on the command line. Each leaf command's parse callback fills it, so
// that the command runs only after the whole line parsed.
struct chosen_command {
    command_fn run;
};

// Makes `cmd` choose `fn` when it is the parsed command.
inline void on_parsed(CLI::App& cmd, const std::shared_ptr<chosen_command>& chosen, command_fn fn) {
    cmd.callback([chosen, fn = std::move(fn)] { chosen->run = fn; });
}

// Makes `group` (topic, group, cluster) require one of its subcommands. Checked in its
// callback rather than with CLI11's require_subcommand so that an unknown word is reported
// as such ("The following argument was not expected: x") instead of as a missing command.
void require_subcommand_of(CLI::App& group);

// Prints "streambus: <message>" on stderr and returns k_exit_failed.
int fail(std::string_view message);

}  // namespace sb::cli

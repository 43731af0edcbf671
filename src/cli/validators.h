#pragma once
// CLI11 validators built from our own parsers, so that a bad value is a usage error
// reported while parsing, with CLI11's exit code.

#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace sb::cli {

// Accepts the text when `parses` returns true; otherwise "'<text>' is not <expected>".
CLI::Validator parses_as(std::function<bool(std::string_view)> parses, std::string expected);

// Rejects empty text: "<what> cannot be empty".
CLI::Validator not_empty(std::string what);

// Accepts the text when `check` returns no message.
CLI::Validator checked_by(std::function<std::string(const std::string&)> check);

}  // namespace sb::cli

#pragma once
// `key=value` arguments (-X, --config, --header, --set): split at the first '='.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace sb::cli {

using key_value = std::pair<std::string, std::string>;

// nullopt when there is no '=' or the key is empty; the value may be empty or hold '='.
std::optional<key_value> split_key_value(std::string_view text);

// Splits every element; call only on arguments that passed key_value_validator().
std::vector<key_value> split_key_values(const std::vector<std::string>& texts);

// Rejects, during parsing, an argument that is not `key=value`.
CLI::Validator key_value_validator();

}  // namespace sb::cli

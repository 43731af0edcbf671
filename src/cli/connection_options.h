#pragma once
// Options every Kafka command takes: where the brokers are, librdkafka properties (-X),
// and how long to wait for the brokers.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace sb::cli {

inline constexpr const char* k_default_brokers = "127.0.0.1:9092";
inline constexpr int k_default_timeout_ms = 10000;
inline constexpr int k_max_timeout_ms = 3600000;

struct connection_options {
    std::string brokers = k_default_brokers;
    // librdkafka properties as given with -X key=value, applied after the command's own
    // settings so that the user has the last word.
    std::vector<std::string> properties;
    int timeout_ms = k_default_timeout_ms;
};

// Adds --brokers, -X and --timeout-ms to `cmd`. -X is checked against librdkafka's
// property names and values while parsing.
void add_connection_options(CLI::App& cmd, connection_options& options);

// Adds --timeout-ms (1 to k_max_timeout_ms) to `cmd`.
CLI::Option* add_timeout_option(CLI::App& cmd, int& timeout_ms, const char* description);

// Adds --json to a command that reads.
void add_json_flag(CLI::App& cmd, bool& json);

}  // namespace sb::cli

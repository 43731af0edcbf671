#include "cli/connection_options.h"

#include <string_view>

#include <librdkafka/rdkafka.h>

#include "cli/key_value.h"
#include "cli/validators.h"

namespace sb::cli {
namespace {

// Rejects an -X argument that is not key=value or that librdkafka refuses.
CLI::Validator rdkafka_property_validator() {
    return checked_by([](const std::string& text) -> std::string {
        auto kv = split_key_value(text);
        if (!kv) return "'" + text + "' is not key=value";
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char errstr[512];
        auto res = rd_kafka_conf_set(conf, kv->first.c_str(), kv->second.c_str(), errstr, sizeof errstr);
        rd_kafka_conf_destroy(conf);
        // Named as given: librdkafka may word the error with the property's alias.
        if (res != RD_KAFKA_CONF_OK) return "'" + text + "': " + errstr;
        return {};
    });
}

// A port, 1 to 65535, in decimal.
bool is_port(std::string_view text) {
    if (text.empty() || text.size() > 5) return false;
    int port = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535;
}

// One bootstrap address as librdkafka takes it: [proto://]host[:port], host possibly a
// bracketed IPv6 address. librdkafka would only report a bad one as brokers that cannot
// be reached once the timeout has passed.
bool is_broker_address(std::string_view text) {
    if (auto scheme = text.find("://"); scheme != std::string_view::npos) text.remove_prefix(scheme + 3);
    std::string_view port;
    if (text.starts_with('[')) {
        auto close = text.find(']');
        if (close == std::string_view::npos || close == 1) return false;
        port = text.substr(close + 1);
        if (!port.empty() && !port.starts_with(':')) return false;
        return port.empty() || is_port(port.substr(1));
    }
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return !text.empty();
    return colon > 0 && is_port(text.substr(colon + 1));
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

CLI::Validator broker_list_validator() {
    return checked_by([](const std::string& text) -> std::string {
        if (text.empty()) return "the broker list cannot be empty";
        std::string_view rest = text;
        while (true) {
            auto comma = rest.find(',');
            auto entry = trimmed(rest.substr(0, comma));  // "a:1, b:2" is common
            if (entry.empty()) return "'" + text + "' has an empty address";
            if (!is_broker_address(entry)) return "'" + std::string(entry) + "' is not host:port";
            if (comma == std::string_view::npos) return {};
            rest.remove_prefix(comma + 1);
        }
    });
}

}  // namespace

void add_connection_options(CLI::App& cmd, connection_options& options) {
    cmd.add_option("--brokers", options.brokers, "Kafka bootstrap brokers, host:port[,host:port...]")
        ->capture_default_str()
        ->check(broker_list_validator())
        ->group("Connection");
    cmd.add_option("-X", options.properties, "librdkafka property key=value (repeatable; applied last)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false)  // one value per -X, so that positionals can follow
        ->check(rdkafka_property_validator())
        ->group("Connection");
    add_timeout_option(cmd, options.timeout_ms, "How long to wait for the brokers, per request")->group("Connection");
}

CLI::Option* add_timeout_option(CLI::App& cmd, int& timeout_ms, const char* description) {
    return cmd.add_option("--timeout-ms", timeout_ms, description)
        ->capture_default_str()
        ->check(CLI::Range(1, k_max_timeout_ms));
}

void add_json_flag(CLI::App& cmd, bool& json) {
    cmd.add_flag("--json", json, "Print JSON instead of a table");
}

}  // namespace sb::cli

#include "cli/connection_options.h"

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

}  // namespace

void add_connection_options(CLI::App& cmd, connection_options& options) {
    cmd.add_option("--brokers", options.brokers, "Kafka bootstrap brokers, host:port[,host:port...]")
        ->capture_default_str()
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

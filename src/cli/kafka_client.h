#pragma once
// librdkafka handles for the CLI: configuration from the connection options, RAII
// ownership, and the first contact with the brokers.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "base/result.h"
#include "cli/connection_options.h"
#include "cli/key_value.h"

namespace sb::cli {

struct handle_deleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct metadata_deleter {
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
struct partition_list_deleter {
    void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using kafka_handle = std::unique_ptr<rd_kafka_t, handle_deleter>;
using metadata_ptr = std::unique_ptr<const rd_kafka_metadata_t, metadata_deleter>;
using partition_list_ptr = std::unique_ptr<rd_kafka_topic_partition_list_t, partition_list_deleter>;

enum class client_kind { producer, consumer };

// What a command adds to the configuration: its own properties (before -X) and callbacks.
struct client_settings {
    std::vector<key_value> properties;
    std::function<void(rd_kafka_conf_t*)> install_callbacks;
};

// A librdkafka client configured from `options`. librdkafka's own log lines are shown
// only when the user asked for them with -X debug=...; otherwise a failure is reported
// once, by the command.
result<kafka_handle, std::string> open_client(const connection_options& options, client_kind kind,
                                              const client_settings& settings = {});

// Cluster metadata: all topics, or none (brokers only, to check that they answer).
// Fails with "cannot reach the brokers at ... within ... ms" when no broker answers.
result<metadata_ptr, std::string> fetch_metadata(rd_kafka_t* rk, const connection_options& options,
                                                 bool all_topics);

// Metadata naming one topic (see topic_lookup in topic_metadata.h for why it matters).
result<metadata_ptr, std::string> fetch_topic_metadata(rd_kafka_t* rk, const connection_options& options,
                                                       const std::string& topic);

// "cannot reach the brokers at <brokers> within <timeout> ms"
std::string unreachable_message(const connection_options& options);

// "<librdkafka's description> (<ERROR_NAME>)"
std::string describe_error(rd_kafka_resp_err_t err, const char* detail = nullptr);

}  // namespace sb::cli

namespace sb::cli {

// A client for admin requests and metadata, after checking that a broker answers (so that
// an unreachable cluster is reported as such rather than as a request timeout).
result<kafka_handle, std::string> connect_admin_client(const connection_options& options);

}  // namespace sb::cli

#include "cli/kafka_client.h"

#include <string_view>

namespace sb::cli {
namespace {

constexpr const char* k_client_id = "streambus-cli";

void discard_log(const rd_kafka_t*, int, const char*, const char*) {}

bool user_wants_debug_log(const connection_options& options) {
    for (const auto& [key, value] : split_key_values(options.properties)) {
        if (key == "debug" && !value.empty()) return true;
    }
    return false;
}

}  // namespace

std::string unreachable_message(const connection_options& options) {
    return "cannot reach the brokers at " + options.brokers + " within " + std::to_string(options.timeout_ms) +
           " ms";
}

std::string describe_error(rd_kafka_resp_err_t err, const char* detail) {
    std::string text = (detail && *detail) ? detail : rd_kafka_err2str(err);
    if (!text.empty() && text.back() == '.') text.pop_back();  // the name in parentheses ends the sentence
    return text + " (" + rd_kafka_err2name(err) + ")";
}

result<kafka_handle, std::string> open_client(const connection_options& options, client_kind kind,
                                              const client_settings& settings) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[512];
    std::vector<key_value> all{{"bootstrap.servers", options.brokers}, {"client.id", k_client_id}};
    all.insert(all.end(), settings.properties.begin(), settings.properties.end());
    auto user = split_key_values(options.properties);
    all.insert(all.end(), user.begin(), user.end());
    for (const auto& [key, value] : all) {
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return unexpected(std::string("librdkafka property ") + key + ": " + errstr);
        }
    }
    if (!user_wants_debug_log(options)) rd_kafka_conf_set_log_cb(conf, discard_log);
    if (settings.install_callbacks) settings.install_callbacks(conf);

    auto type = kind == client_kind::producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER;
    rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof errstr);  // owns conf on success
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return unexpected(std::string("cannot create the Kafka client: ") + errstr);
    }
    return kafka_handle(rk);
}

namespace {

result<metadata_ptr, std::string> request_metadata(rd_kafka_t* rk, const connection_options& options, bool all_topics,
                                                   rd_kafka_topic_t* only) {
    const rd_kafka_metadata_t* md = nullptr;
    auto err = rd_kafka_metadata(rk, all_topics ? 1 : 0, only, &md, options.timeout_ms);
    if (err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT)
        return unexpected(unreachable_message(options));
    if (err) return unexpected("metadata request failed: " + describe_error(err));
    return metadata_ptr(md);
}

}  // namespace

result<metadata_ptr, std::string> fetch_metadata(rd_kafka_t* rk, const connection_options& options,
                                                 bool all_topics) {
    return request_metadata(rk, options, all_topics, nullptr);
}

result<metadata_ptr, std::string> fetch_topic_metadata(rd_kafka_t* rk, const connection_options& options,
                                                       const std::string& topic) {
    std::unique_ptr<rd_kafka_topic_t, void (*)(rd_kafka_topic_t*)> handle(rd_kafka_topic_new(rk, topic.c_str(), nullptr),
                                                                         rd_kafka_topic_destroy);
    if (!handle) return unexpected("invalid topic name \"" + topic + "\": " + describe_error(rd_kafka_last_error()));
    return request_metadata(rk, options, false, handle.get());
}

}  // namespace sb::cli

namespace sb::cli {

result<kafka_handle, std::string> connect_admin_client(const connection_options& options) {
    auto client = open_client(options, client_kind::producer);
    if (!client) return client;
    if (auto md = fetch_metadata(client->get(), options, false); !md) return unexpected(md.error());
    return client;
}

}  // namespace sb::cli

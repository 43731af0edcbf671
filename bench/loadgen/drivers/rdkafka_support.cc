#include "loadgen/drivers/rdkafka_support.h"

#include <fmt/format.h>

namespace sb::loadgen {
namespace {

// librdkafka logs every failed connection attempt to stderr; the driver reports the
// failure itself, once, so the library's own lines are dropped.
void drop_log_line(const rd_kafka_t*, int, const char*, const char*) {}

struct metadata_deleter {
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using metadata_ptr = std::unique_ptr<const rd_kafka_metadata_t, metadata_deleter>;

// The number of partitions the broker reports for `topic`; 0 when it does not know it.
result<int, std::string> partition_count(rd_kafka_t* rk, const std::string& brokers, const std::string& topic) {
    // An all-topics request: naming the topic would let a broker with
    // auto.create.topics.enable create it with its default partition count.
    const rd_kafka_metadata_t* raw = nullptr;
    auto err = rd_kafka_metadata(rk, 1, nullptr, &raw, k_setup_timeout_ms);
    if (err) return unexpected(fmt::format("cannot reach the broker at {}: {}", brokers, rd_kafka_err2str(err)));
    metadata_ptr md(raw);
    for (int i = 0; i < md->topic_cnt; ++i) {
        if (topic == md->topics[i].topic && md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) return md->topics[i].partition_cnt;
    }
    return 0;
}

result<void, std::string> create_topic(rd_kafka_t* rk, const std::string& topic, int partitions) {
    char errstr[512];
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, errstr, sizeof errstr);
    if (!nt) return unexpected(fmt::format("cannot create topic {}: {}", topic, errstr));
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, queue);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, k_setup_timeout_ms + 1000);
    std::string problem;
    if (!ev) {
        problem = "no answer";
    } else if (rd_kafka_event_error(ev)) {
        problem = rd_kafka_event_error_string(ev);
    } else {
        size_t n = 0;
        const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
        for (size_t i = 0; i < n; ++i) {
            auto err = rd_kafka_topic_result_error(results[i]);
            if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                const char* s = rd_kafka_topic_result_error_string(results[i]);
                problem = s ? s : rd_kafka_err2str(err);
            }
        }
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(nt);
    if (!problem.empty()) return unexpected(fmt::format("cannot create topic {}: {}", topic, problem));
    return {};
}

}  // namespace

rdkafka_settings base_settings(const std::string& brokers) {
    return {{"bootstrap.servers", brokers}, {"client.id", "sb-loadgen"}};
}

result<rdkafka_handle, std::string> open_handle(rd_kafka_type_t type, const rdkafka_settings& settings,
                                                const std::function<void(rd_kafka_conf_t*)>& install_callbacks) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[512];
    for (const auto& [name, value] : settings) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return unexpected(fmt::format("librdkafka setting {}={}: {}", name, value, errstr));
        }
    }
    rd_kafka_conf_set_log_cb(conf, &drop_log_line);
    if (install_callbacks) install_callbacks(conf);
    rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof errstr);  // takes conf on success
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return unexpected(std::string("cannot create a librdkafka client: ") + errstr);
    }
    return rdkafka_handle(rk);
}

result<void, std::string> ensure_topic(rd_kafka_t* rk, const std::string& brokers, const std::string& topic,
                                       int partitions) {
    auto have = partition_count(rk, brokers, topic);
    if (!have) return unexpected(have.error());
    if (*have == 0) {
        if (auto st = create_topic(rk, topic, partitions); !st) return st;
        have = partition_count(rk, brokers, topic);
        if (!have) return unexpected(have.error());
    }
    if (*have != partitions) {
        return unexpected(fmt::format("topic {} has {} partitions, the workload wants {}", topic, *have, partitions));
    }
    return {};
}

result<std::vector<int64_t>, std::string> end_offsets(rd_kafka_t* rk, const std::string& topic, int partitions) {
    std::vector<int64_t> out;
    for (int p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        auto err = rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, k_setup_timeout_ms);
        if (err) return unexpected(fmt::format("cannot read the end offset of {}-{}: {}", topic, p, rd_kafka_err2str(err)));
        out.push_back(high);
    }
    return out;
}

bool is_transient(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
           err == RD_KAFKA_RESP_ERR__RESOLVE;
}

}  // namespace sb::loadgen

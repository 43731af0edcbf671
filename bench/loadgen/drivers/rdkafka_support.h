#pragma once
// librdkafka plumbing for the rdkafka driver: handles, configuration, and the set-up
// requests (create the topic, read the partitions' end offsets).

#include <librdkafka/rdkafka.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sb::loadgen {

struct rdkafka_handle_deleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct partition_list_deleter {
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using rdkafka_handle = std::unique_ptr<rd_kafka_t, rdkafka_handle_deleter>;
using partition_list_ptr = std::unique_ptr<rd_kafka_topic_partition_list_t, partition_list_deleter>;
using rdkafka_settings = std::vector<std::pair<std::string, std::string>>;

// librdkafka needs a group id before it lets a consumer assign partitions; nothing is
// ever sent for it, because the consumers neither subscribe nor commit.
inline constexpr const char* k_assign_only_group = "sb-loadgen-assign-only";
// How long a set-up request may take.
inline constexpr int k_setup_timeout_ms = 10'000;

rdkafka_settings base_settings(const std::string& brokers);
result<rdkafka_handle, std::string> open_handle(rd_kafka_type_t type, const rdkafka_settings& settings,
                                                const std::function<void(rd_kafka_conf_t*)>& install_callbacks);

// Creates `topic` with `partitions` partitions unless it exists; an existing topic must
// have that many. Fails with "cannot reach the broker at ..." when nothing answers.
result<void, std::string> ensure_topic(rd_kafka_t* rk, const std::string& brokers, const std::string& topic,
                                       int partitions);
// The high watermark of each partition 0 .. partitions-1.
result<std::vector<int64_t>, std::string> end_offsets(rd_kafka_t* rk, const std::string& topic, int partitions);

// Errors librdkafka recovers from by itself.
bool is_transient(rd_kafka_resp_err_t err);

}  // namespace sb::loadgen

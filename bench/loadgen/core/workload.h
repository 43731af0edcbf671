#pragma once
// workload: one benchmark's shape, read from a YAML file in the OpenMessaging
// Benchmark's format (bench/README.md lists every key):
//
//   name: 1-topic-16-partitions-1kb
//   topics: 1
//   partitionsPerTopic: 16
//   messageSize: 1024
//   randomBytesRatio: 0.5          # the rest of each payload compresses well
//   keyDistributor: NO_KEY         # NO_KEY | KEY_ROUND_ROBIN | RANDOM_NANO
//   subscriptionsPerTopic: 1
//   producersPerTopic: 4
//   consumerPerSubscription: 4
//   producerRate: 10000            # messages/s over all producers; 0 = max throughput
//   testDurationMinutes: 1         # or testDurationSeconds
//   warmupDurationSeconds: 10      # or warmupDurationMinutes
//
// Unknown keys are an error (a misspelt key would otherwise silently change nothing).

#include <cstdint>
#include <string>

#include "base/result.h"

namespace sb::loadgen {

enum class key_distributor { no_key, key_round_robin, random_nano };

struct workload {
    std::string name;
    int topics = 1;
    int partitions_per_topic = 1;
    int message_size_bytes = 1024;
    double random_bytes_ratio = 0.5;
    key_distributor keys = key_distributor::no_key;
    int subscriptions_per_topic = 1;
    int producers_per_topic = 1;
    int consumers_per_subscription = 1;
    double producer_rate_per_s = 0;  // over all producers of all topics; 0 = max throughput
    double duration_s = 60;
    double warmup_s = 0;
    // Closed loop (rate 0): messages each producer may have sent and not yet seen acknowledged.
    int max_outstanding_messages_per_producer = 10'000;
};

// Smallest payload: the 8-byte send time every message carries.
inline constexpr int k_min_message_size_bytes = 8;

result<workload, std::string> parse_workload_yaml(const std::string& text);
result<workload, std::string> load_workload_file(const std::string& path);

const char* key_distributor_name(key_distributor k);

}  // namespace sb::loadgen

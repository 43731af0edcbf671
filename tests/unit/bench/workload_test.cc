#include "loadgen/core/workload.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace sb::loadgen {
namespace {

TEST(Workload, ReadsEveryKeyOfTheOpenMessagingShape) {
    auto w = parse_workload_yaml(R"(
name: 1-topic-16-partitions-1kb
topics: 1
partitionsPerTopic: 16
messageSize: 1024
randomBytesRatio: 0.25
keyDistributor: KEY_ROUND_ROBIN
subscriptionsPerTopic: 1
producersPerTopic: 4
consumerPerSubscription: 4
producerRate: 50000
testDurationMinutes: 2
warmupDurationSeconds: 15
maxOutstandingMessagesPerProducer: 500
consumerBacklogSizeGB: 0
)");
    ASSERT_TRUE(w) << w.error();
    EXPECT_EQ(w->name, "1-topic-16-partitions-1kb");
    EXPECT_EQ(w->topics, 1);
    EXPECT_EQ(w->partitions_per_topic, 16);
    EXPECT_EQ(w->message_size_bytes, 1024);
    EXPECT_DOUBLE_EQ(w->random_bytes_ratio, 0.25);
    EXPECT_EQ(w->keys, key_distributor::key_round_robin);
    EXPECT_EQ(w->producers_per_topic, 4);
    EXPECT_EQ(w->consumers_per_subscription, 4);
    EXPECT_DOUBLE_EQ(w->producer_rate_per_s, 50000);
    EXPECT_DOUBLE_EQ(w->duration_s, 120);
    EXPECT_DOUBLE_EQ(w->warmup_s, 15);
    EXPECT_EQ(w->max_outstanding_messages_per_producer, 500);
}

TEST(Workload, DefaultsForKeysNotGiven) {
    auto w = parse_workload_yaml("partitionsPerTopic: 3\ntestDurationSeconds: 5\n");
    ASSERT_TRUE(w) << w.error();
    EXPECT_EQ(w->keys, key_distributor::no_key);
    EXPECT_DOUBLE_EQ(w->duration_s, 5);
    EXPECT_DOUBLE_EQ(w->warmup_s, 0);
    EXPECT_DOUBLE_EQ(w->producer_rate_per_s, 0);
    EXPECT_DOUBLE_EQ(w->random_bytes_ratio, 0.5);
}

TEST(Workload, NamesTheProblem) {
    struct bad_case {
        const char* yaml;
        const char* message;
    };
    const bad_case cases[] = {
        {"partitionsPerTopc: 16\n", "workload key partitionsPerTopc is not known"},
        {"keyDistributor: ROUND\n", "workload key keyDistributor: ROUND is not NO_KEY, KEY_ROUND_ROBIN or RANDOM_NANO"},
        {"messageSize: big\n", "workload key messageSize: not a valid integer"},
        {"producerRate: fast\n", "workload key producerRate: not a valid number"},
        {"messageSize: 4\n", "workload: messageSize must be at least 8 (the send time it carries)"},
        {"partitionsPerTopic: 2\nconsumerPerSubscription: 3\n", "workload: consumerPerSubscription must not exceed partitionsPerTopic"},
        {"subscriptionsPerTopic: 2\n", "workload: subscriptionsPerTopic: only 1 is supported"},
        {"testDurationMinutes: 1\ntestDurationSeconds: 5\n", "workload keys testDurationMinutes and testDurationSeconds: give only one"},
        {"producerRate: -1\n", "workload: producerRate must be 0 (max throughput) or more"},
        {"- a\n- b\n", "workload must be a YAML mapping of keys to values"},
        {"a: [\n", nullptr},
    };
    for (const auto& c : cases) {
        auto w = parse_workload_yaml(c.yaml);
        ASSERT_FALSE(w) << c.yaml;
        if (c.message) {
            EXPECT_EQ(w.error(), c.message) << c.yaml;
        } else {
            EXPECT_TRUE(w.error().starts_with("workload is not valid YAML: ")) << w.error();
        }
    }
}

TEST(Workload, MissingFileIsNamed) {
    auto w = load_workload_file("/nonexistent/w.yaml");
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error(), "cannot read workload file /nonexistent/w.yaml");
}

TEST(Workload, KeyDistributorNames) {
    EXPECT_STREQ(key_distributor_name(key_distributor::no_key), "NO_KEY");
    EXPECT_STREQ(key_distributor_name(key_distributor::key_round_robin), "KEY_ROUND_ROBIN");
    EXPECT_STREQ(key_distributor_name(key_distributor::random_nano), "RANDOM_NANO");
}

}  // namespace
}  // namespace sb::loadgen

namespace sb::loadgen {
namespace {

// Every workload shipped in bench/workloads parses, and the stepped-rate family has the
// shape docs/BENCHMARKS.md describes.
TEST(Workload, ShippedWorkloadsParse) {
    int found = 0;
    for (const auto& entry : std::filesystem::directory_iterator(SB_WORKLOADS_DIR)) {
        if (entry.path().extension() != ".yaml") continue;
        auto w = load_workload_file(entry.path().string());
        ASSERT_TRUE(w) << w.error();
        EXPECT_EQ(w->name, entry.path().stem().string());
        ++found;
    }
    EXPECT_GE(found, 7);
    for (const auto& [file, rate] : {std::pair{"1-topic-16-partitions-1kb-1k", 1000.0}, {"1-topic-16-partitions-1kb-10k", 10000.0},
                                      {"1-topic-16-partitions-1kb-50k", 50000.0}, {"1-topic-16-partitions-1kb-max", 0.0}}) {
        auto w = load_workload_file(std::string(SB_WORKLOADS_DIR) + "/" + file + ".yaml");
        ASSERT_TRUE(w) << file;
        EXPECT_EQ(w->partitions_per_topic, 16);
        EXPECT_EQ(w->message_size_bytes, 1024);
        EXPECT_EQ(w->producers_per_topic, 4);
        EXPECT_EQ(w->consumers_per_subscription, 4);
        EXPECT_DOUBLE_EQ(w->producer_rate_per_s, rate);
    }
}

}  // namespace
}  // namespace sb::loadgen

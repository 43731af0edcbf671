// Topic configs over broker defaults over Kafka's defaults, parsed with Kafka's types,
// ranges and messages.
#include <gtest/gtest.h>

#include "cluster/partition_config.h"
#include "cluster/partition_id.h"
#include "cluster/random_uuid.h"

namespace sb::cluster {
namespace {

using configs = std::map<std::string, std::string, std::less<>>;

// The INVALID_CONFIG message make_partition_config() refuses these configs with.
std::string message_for(const configs& topic, const topic_config_defaults& broker = {}) {
    auto r = make_partition_config(topic, broker);
    EXPECT_FALSE(r.has_value());
    if (r) return std::string();
    EXPECT_EQ(r.error().code, error_code::invalid_config);
    return r.error().message;
}

TEST(partition_config, kafka_defaults_when_nothing_is_set) {
    partition_config c = make_partition_config({}, {}).value();
    EXPECT_EQ(c.log.segment_bytes, 1073741824u);
    EXPECT_EQ(c.log.retention_ms, 604800000);
    EXPECT_EQ(c.log.retention_bytes, -1);
    EXPECT_EQ(c.log.max_message_bytes, 1048588u);
    EXPECT_EQ(c.log.cleanup, storage::cleanup_policy::delete_);
    EXPECT_EQ(c.log.message_timestamp_type, storage::timestamp_type::create_time);
    EXPECT_EQ(c.timestamp_before_max_ms, INT64_MAX);
    EXPECT_EQ(c.timestamp_after_max_ms, INT64_MAX);
    EXPECT_FALSE(c.compacted());
    EXPECT_FALSE(c.compression);  // producer: batches are stored as sent
}

TEST(partition_config, compression_type_names_the_stored_codec) {
    using protocol::compression_codec;
    const std::pair<std::string, std::optional<compression_codec>> cases[] = {
        {"producer", std::nullopt},       {"uncompressed", compression_codec::none}, {"gzip", compression_codec::gzip},
        {"snappy", compression_codec::snappy}, {"lz4", compression_codec::lz4},      {"zstd", compression_codec::zstd}};
    for (const auto& [name, codec] : cases) {
        EXPECT_EQ(make_partition_config({{"compression.type", name}}, {}).value().compression, codec) << name;
    }
    // The broker's default applies under the topic's own value.
    EXPECT_EQ(make_partition_config({}, {{"compression.type", "lz4"}}).value().compression, compression_codec::lz4);
}

TEST(partition_config, compression_levels_reach_the_config) {
    EXPECT_EQ(make_partition_config({}, {}).value().compression_levels, (protocol::compression_levels{-1, 9, 3}));
    const configs set{{"compression.gzip.level", "9"}, {"compression.lz4.level", "17"}, {"compression.zstd.level", "-131072"}};
    EXPECT_EQ(make_partition_config(set, {}).value().compression_levels, (protocol::compression_levels{9, 17, -131072}));
    const configs lowest{{"compression.gzip.level", "1"}, {"compression.lz4.level", "1"}, {"compression.zstd.level", "22"}};
    EXPECT_EQ(make_partition_config(lowest, {}).value().compression_levels, (protocol::compression_levels{1, 1, 22}));
    // A broker default applies under the topic's own value.
    const topic_config_defaults broker{{"compression.zstd.level", "7"}, {"compression.gzip.level", "4"}};
    EXPECT_EQ(make_partition_config({{"compression.gzip.level", "2"}}, broker).value().compression_levels,
              (protocol::compression_levels{2, 9, 7}));
}

TEST(partition_config, compression_levels_out_of_kafkas_ranges_are_refused) {
    const std::pair<configs, std::string> cases[] = {
        {{{"compression.gzip.level", "0"}},
         "Invalid value 0 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1"},
        {{{"compression.gzip.level", "10"}},
         "Invalid value 10 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1"},
        {{{"compression.gzip.level", "-2"}},
         "Invalid value -2 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1"},
        {{{"compression.gzip.level", "fast"}},
         "Invalid value fast for configuration compression.gzip.level: Not a number of type INT"},
        {{{"compression.lz4.level", "0"}},
         "Invalid value 0 for configuration compression.lz4.level: Value must be at least 1"},
        {{{"compression.lz4.level", "18"}},
         "Invalid value 18 for configuration compression.lz4.level: Value must be no more than 17"},
        {{{"compression.zstd.level", "-131073"}},
         "Invalid value -131073 for configuration compression.zstd.level: Value must be at least -131072"},
        {{{"compression.zstd.level", "23"}},
         "Invalid value 23 for configuration compression.zstd.level: Value must be no more than 22"},
        {{{"compression.zstd.level", "3000000000"}},
         "Invalid value 3000000000 for configuration compression.zstd.level: Not a number of type INT"},
    };
    for (const auto& [topic, message] : cases) {
        EXPECT_EQ(message_for(topic), message);
        // The same value as a broker default is refused the same way (the broker checks its
        // defaults at start and on reload with this function).
        EXPECT_EQ(message_for({}, topic_config_defaults(topic.begin(), topic.end())), message);
    }
}

TEST(partition_config, topic_values_win_over_broker_defaults) {
    const topic_config_defaults broker{{"segment.bytes", "1000"}, {"max.message.bytes", "500"}};
    partition_config c = make_partition_config({{"segment.bytes", "2000"}, {"cleanup.policy", "compact,delete"},
                                                {"message.timestamp.type", "LogAppendTime"}},
                                               broker)
                             .value();
    EXPECT_EQ(c.log.segment_bytes, 2000u);
    EXPECT_EQ(c.log.max_message_bytes, 500u);
    EXPECT_EQ(c.log.cleanup, storage::cleanup_policy::compact_delete);
    EXPECT_EQ(c.log.message_timestamp_type, storage::timestamp_type::log_append_time);
    EXPECT_TRUE(c.compacted());
    EXPECT_EQ(effective_topic_config({}, broker, "segment.bytes"), "1000");
    EXPECT_EQ(effective_topic_config({}, broker, "retention.ms"), "604800000");
}

TEST(partition_config, the_older_difference_bound_caps_both_sides) {
    partition_config c = make_partition_config({{"message.timestamp.difference.max.ms", "5000"},
                                                {"message.timestamp.after.max.ms", "100"}},
                                               {})
                             .value();
    EXPECT_EQ(c.timestamp_before_max_ms, 5000);
    EXPECT_EQ(c.timestamp_after_max_ms, 100);
}

TEST(partition_config, invalid_values_get_kafkas_messages) {
    EXPECT_EQ(message_for({{"segment.bytes", "abc"}}),
              "Invalid value abc for configuration segment.bytes: Not a number of type INT");
    EXPECT_EQ(message_for({{"segment.bytes", "3000000000"}}),
              "Invalid value 3000000000 for configuration segment.bytes: Not a number of type INT");
    EXPECT_EQ(message_for({{"segment.bytes", "13"}}),
              "Invalid value 13 for configuration segment.bytes: Value must be at least 14");
    EXPECT_EQ(message_for({{"retention.ms", "-2"}}),
              "Invalid value -2 for configuration retention.ms: Value must be at least -1");
    EXPECT_EQ(message_for({{"cleanup.policy", "compact,shred"}}),
              "Invalid value compact,shred for configuration cleanup.policy: String must be one of: compact, delete");
    EXPECT_EQ(message_for({{"message.timestamp.type", "Now"}}),
              "Invalid value Now for configuration message.timestamp.type: String must be one of: CreateTime, "
              "LogAppendTime");
    EXPECT_EQ(message_for({{"compression.type", "none"}}),
              "Invalid value none for configuration compression.type: String must be one of: uncompressed, zstd, "
              "lz4, snappy, gzip, producer");
    EXPECT_EQ(message_for({{"min.cleanable.dirty.ratio", "1.5"}}),
              "Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1");
    EXPECT_EQ(message_for({{"max.compaction.lag.ms", "0"}}),
              "Invalid value 0 for configuration max.compaction.lag.ms: Value must be at least 1");
}

// Each valid, but not together: the topic's own values, the broker's defaults, or one of
// each (Kafka checks the values in force, LogConfig.validateValues).
TEST(partition_config, the_min_compaction_lag_must_not_exceed_the_max) {
    const std::string conflict = "conflict topic config setting min.compaction.lag.ms (60000) > max.compaction.lag.ms (1000)";
    auto r = validate_topic_configs({{"min.compaction.lag.ms", "60000"}, {"max.compaction.lag.ms", "1000"}}, {});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, error_code::invalid_config);
    EXPECT_EQ(r.error().message, conflict);
    r = validate_topic_configs({}, {{"min.compaction.lag.ms", "60000"}, {"max.compaction.lag.ms", "1000"}});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, conflict);
    r = validate_topic_configs({{"max.compaction.lag.ms", "1000"}}, {{"min.compaction.lag.ms", "60000"}});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, conflict);
    // Equal is fine; the topic's value wins over a default that would conflict.
    auto ok = validate_topic_configs({{"min.compaction.lag.ms", "1000"}}, {{"min.compaction.lag.ms", "60000"},
                                                                            {"max.compaction.lag.ms", "1000"}});
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ(ok->log.min_compaction_lag_ms, 1000);
    EXPECT_EQ(ok->log.max_compaction_lag_ms, 1000);
    // A value out of range is the same refusal as make_partition_config's.
    r = validate_topic_configs({{"segment.bytes", "13"}}, {});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "Invalid value 13 for configuration segment.bytes: Value must be at least 14");
}

// A topic stored with a conflicting pair (before the check, or under other defaults) still
// gets the settings its partitions open with, as Kafka opens such a log.
TEST(partition_config, a_stored_conflict_still_opens) {
    auto opened = make_partition_config({{"min.compaction.lag.ms", "60000"}, {"max.compaction.lag.ms", "1000"}}, {});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    EXPECT_EQ(opened->log.min_compaction_lag_ms, 60000);
    EXPECT_EQ(opened->log.max_compaction_lag_ms, 1000);
}

TEST(partition_ownership, stable_and_spread_over_shards) {
    const partition_id a{random_uuid(), 0};
    EXPECT_EQ(stable_hash(a), stable_hash(partition_id{a.topic_id, 0}));
    EXPECT_NE(stable_hash(a), stable_hash(partition_id{a.topic_id, 1}));
    // A fixed id hashes the same on every run and machine.
    partition_id fixed{protocol::uuid{}, 7};
    fixed.topic_id.bytes.fill(0x11);
    EXPECT_EQ(stable_hash(fixed), stable_hash(partition_id{fixed.topic_id, 7}));
    std::vector<int> per_shard(4);
    const protocol::uuid topic = random_uuid();
    for (int32_t p = 0; p < 400; ++p) {
        const unsigned owner = owner_shard({topic, p}, 4);
        ASSERT_LT(owner, 4u);
        ++per_shard[owner];
        EXPECT_EQ(owner_shard({topic, p}, 1), 0u);
    }
    for (int n : per_shard) EXPECT_GT(n, 50);  // roughly even
}

}  // namespace
}  // namespace sb::cluster

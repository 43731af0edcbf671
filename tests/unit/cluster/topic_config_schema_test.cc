#include "cluster/topic_config_schema.h"

#include <gtest/gtest.h>

namespace sb::cluster {
namespace {

TEST(topic_config_schema, definitions_are_sorted_and_unique) {
    const auto defs = topic_config_definitions();
    ASSERT_EQ(defs.size(), 36u);
    for (std::size_t i = 1; i < defs.size(); ++i) EXPECT_LT(defs[i - 1].name, defs[i].name);
}

TEST(topic_config_schema, finds_kafka_names_with_kafka_defaults) {
    const auto* retention = find_topic_config("retention.ms");
    ASSERT_NE(retention, nullptr);
    EXPECT_EQ(retention->default_value, "604800000");
    const auto* cleanup = find_topic_config("cleanup.policy");
    ASSERT_NE(cleanup, nullptr);
    EXPECT_EQ(cleanup->default_value, "delete");
    const auto* last = find_topic_config("unclean.leader.election.enable");
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->default_value, "false");
    EXPECT_EQ(find_topic_config("segment.bytes")->default_value, "1073741824");
    EXPECT_EQ(find_topic_config("max.message.bytes")->default_value, "1048588");
    EXPECT_EQ(find_topic_config("min.insync.replicas")->default_value, "1");
}

TEST(topic_config_schema, rejects_unknown_and_broker_names) {
    EXPECT_EQ(find_topic_config("retention"), nullptr);
    EXPECT_EQ(find_topic_config("log.retention.ms"), nullptr);  // a broker config, not a topic config
    EXPECT_EQ(find_topic_config(""), nullptr);
    EXPECT_EQ(find_topic_config("zzz"), nullptr);
    EXPECT_EQ(find_topic_config("RETENTION.MS"), nullptr);
}

TEST(topic_config_schema, types_and_broker_synonyms_follow_kafka) {
    EXPECT_EQ(find_topic_config("retention.ms")->type, config_type::int64);
    EXPECT_EQ(find_topic_config("retention.ms")->broker_synonym, "log.retention.ms");
    EXPECT_EQ(find_topic_config("segment.bytes")->type, config_type::int32);
    EXPECT_EQ(find_topic_config("segment.ms")->broker_synonym, "log.roll.ms");
    EXPECT_EQ(find_topic_config("max.message.bytes")->broker_synonym, "message.max.bytes");
    EXPECT_EQ(find_topic_config("delete.retention.ms")->broker_synonym, "log.cleaner.delete.retention.ms");
    EXPECT_EQ(find_topic_config("min.cleanable.dirty.ratio")->type, config_type::float64);
    EXPECT_EQ(find_topic_config("min.cleanable.dirty.ratio")->broker_synonym, "log.cleaner.min.cleanable.ratio");
    EXPECT_EQ(find_topic_config("preallocate")->type, config_type::boolean);
    EXPECT_EQ(find_topic_config("cleanup.policy")->type, config_type::list);
    EXPECT_EQ(find_topic_config("remote.storage.enable")->broker_synonym, "");
    for (const auto& def : topic_config_definitions()) EXPECT_FALSE(def.documentation.empty()) << def.name;
}

}  // namespace
}  // namespace sb::cluster

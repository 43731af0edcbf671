#include "cluster/topic_config_alteration.h"

#include <gtest/gtest.h>

#include "cluster/topic_config_schema.h"

namespace sb::cluster {
namespace {

constexpr int8_t k_set = 0;
constexpr int8_t k_delete = 1;
constexpr int8_t k_append = 2;
constexpr int8_t k_subtract = 3;

topic_error error_of(const sb::result<topic_configs, topic_error>& r) {
    EXPECT_FALSE(r.has_value());
    return r ? topic_error{} : r.error();
}

TEST(replace_topic_configs, the_given_configs_become_the_whole_set) {
    const config_entry entries[] = {{"retention.ms", "1000"}, {"cleanup.policy", "compact,delete"}};
    auto replaced = replace_topic_configs(entries);
    ASSERT_TRUE(replaced.has_value());
    EXPECT_EQ(*replaced, (topic_configs{{"cleanup.policy", "compact,delete"}, {"retention.ms", "1000"}}));
    EXPECT_EQ(*replace_topic_configs({}), topic_configs{});
}

TEST(replace_topic_configs, refuses_duplicates_nulls_unknown_names_and_bad_values) {
    const config_entry twice[] = {{"retention.ms", "1"}, {"retention.ms", "2"}};
    auto e = error_of(replace_topic_configs(twice));
    EXPECT_EQ(e.code, error_code::invalid_request);
    EXPECT_EQ(e.message, "Error due to duplicate config keys");

    const config_entry nulls[] = {{"retention.ms", std::nullopt}, {"segment.ms", "5"}, {"flush.ms", std::nullopt}};
    e = error_of(replace_topic_configs(nulls));
    EXPECT_EQ(e.code, error_code::invalid_request);
    EXPECT_EQ(e.message, "Null value not supported for : retention.ms, flush.ms");

    const config_entry unknown[] = {{"retention.ms", "1"}, {"log.retention.ms", "1"}};
    e = error_of(replace_topic_configs(unknown));
    EXPECT_EQ(e.code, error_code::invalid_config);
    EXPECT_EQ(e.message, "Unknown topic config name: log.retention.ms");

    const config_entry bad[] = {{"max.message.bytes", "big"}};
    e = error_of(replace_topic_configs(bad));
    EXPECT_EQ(e.code, error_code::invalid_config);
    EXPECT_EQ(e.message, "Invalid value big for configuration max.message.bytes: Not a number of type INT");

    const config_entry low[] = {{"segment.bytes", "10"}};
    EXPECT_EQ(error_of(replace_topic_configs(low)).message,
              "Invalid value 10 for configuration segment.bytes: Value must be at least 14");
    const config_entry policy[] = {{"cleanup.policy", "forever"}};
    EXPECT_EQ(error_of(replace_topic_configs(policy)).message,
              "Invalid value forever for configuration cleanup.policy: String must be one of: compact, delete");
}

TEST(alter_topic_configs, set_and_delete_change_only_the_named_configs) {
    const topic_configs current{{"retention.ms", "1000"}, {"segment.ms", "2000"}};
    const config_change changes[] = {{"retention.ms", k_set, "5000"},
                                     {"segment.ms", k_delete, std::nullopt},
                                     {"max.message.bytes", k_set, "4096"},
                                     {"flush.ms", k_delete, "ignored"}};
    auto altered = alter_topic_configs(current, changes);
    ASSERT_TRUE(altered.has_value());
    EXPECT_EQ(*altered, (topic_configs{{"max.message.bytes", "4096"}, {"retention.ms", "5000"}}));
}

TEST(alter_topic_configs, append_and_subtract_work_on_lists_starting_from_kafkas_default) {
    // No cleanup.policy on the topic: APPEND starts from Kafka's default, "delete".
    const config_change append[] = {{"cleanup.policy", k_append, "compact"}};
    EXPECT_EQ(*alter_topic_configs({}, append), (topic_configs{{"cleanup.policy", "delete,compact"}}));
    // An item already there is not added twice.
    const config_change again[] = {{"cleanup.policy", k_append, "delete,compact"}};
    EXPECT_EQ(*alter_topic_configs({{"cleanup.policy", "compact"}}, again),
              (topic_configs{{"cleanup.policy", "compact,delete"}}));
    const config_change subtract[] = {{"cleanup.policy", k_subtract, "delete"}};
    EXPECT_EQ(*alter_topic_configs({{"cleanup.policy", "delete,compact"}}, subtract),
              (topic_configs{{"cleanup.policy", "compact"}}));
    // Subtracting an item that is not there changes nothing but still sets the value.
    const config_change absent[] = {{"cleanup.policy", k_subtract, "compact"}};
    EXPECT_EQ(*alter_topic_configs({}, absent), (topic_configs{{"cleanup.policy", "delete"}}));
    // Other list configs take any items; empty items are dropped.
    const config_change throttled[] = {{"leader.replication.throttled.replicas", k_append, "0:1,,1:1"}};
    EXPECT_EQ(*alter_topic_configs({{"leader.replication.throttled.replicas", "0:1"}}, throttled),
              (topic_configs{{"leader.replication.throttled.replicas", "0:1,1:1"}}));
}

TEST(alter_topic_configs, refuses_with_kafkas_codes_and_messages) {
    const topic_configs current{{"retention.ms", "1000"}};
    const config_change twice[] = {{"retention.ms", k_set, "1"}, {"retention.ms", k_delete, std::nullopt}};
    auto e = error_of(alter_topic_configs(current, twice));
    EXPECT_EQ(e.code, error_code::invalid_request);
    EXPECT_EQ(e.message, "Error due to duplicate config keys");

    const config_change nulls[] = {{"retention.ms", k_set, std::nullopt},
                                   {"segment.ms", k_delete, std::nullopt},
                                   {"cleanup.policy", k_append, std::nullopt}};
    e = error_of(alter_topic_configs(current, nulls));
    EXPECT_EQ(e.code, error_code::invalid_request);
    EXPECT_EQ(e.message, "Null value not supported for : retention.ms, cleanup.policy");

    const config_change unknown_op[] = {{"retention.ms", 4, "1"}};
    e = error_of(alter_topic_configs(current, unknown_op));
    EXPECT_EQ(e.code, error_code::invalid_request);
    EXPECT_EQ(e.message, "Unknown alter config operation type 4");
    const config_change negative_op[] = {{"retention.ms", -1, "1"}};
    EXPECT_EQ(error_of(alter_topic_configs(current, negative_op)).message, "Unknown alter config operation type -1");

    const config_change not_a_list[] = {{"retention.ms", k_append, "5"}};
    e = error_of(alter_topic_configs(current, not_a_list));
    EXPECT_EQ(e.code, error_code::invalid_config);
    EXPECT_EQ(e.message, "Can't APPEND to key retention.ms because its type is not LIST.");
    const config_change unknown_list[] = {{"no.such.list", k_subtract, "5"}};
    EXPECT_EQ(error_of(alter_topic_configs(current, unknown_list)).message,
              "Can't SUBTRACT to key no.such.list because its type is not LIST.");

    const config_change unknown_name[] = {{"retention.ms", k_set, "5"}, {"retention.hours", k_set, "1"}};
    e = error_of(alter_topic_configs(current, unknown_name));
    EXPECT_EQ(e.code, error_code::invalid_config);
    EXPECT_EQ(e.message, "Unknown topic config name: retention.hours");
    const config_change delete_unknown[] = {{"retention.hours", k_delete, std::nullopt}};
    EXPECT_EQ(error_of(alter_topic_configs(current, delete_unknown)).message, "Unknown topic config name: retention.hours");

    const config_change bad_value[] = {{"message.timestamp.type", k_set, "WallClock"}};
    e = error_of(alter_topic_configs(current, bad_value));
    EXPECT_EQ(e.code, error_code::invalid_config);
    EXPECT_EQ(e.message,
              "Invalid value WallClock for configuration message.timestamp.type: String must be one of: CreateTime, "
              "LogAppendTime");
}

TEST(topic_config_schema, list_configs_are_the_ones_append_accepts) {
    std::vector<std::string_view> lists;
    for (const auto& def : topic_config_definitions()) {
        if (def.type == config_type::list) lists.push_back(def.name);
    }
    EXPECT_EQ(lists, (std::vector<std::string_view>{"cleanup.policy", "follower.replication.throttled.replicas",
                                                    "leader.replication.throttled.replicas"}));
}

}  // namespace
}  // namespace sb::cluster

#include "cluster/topic_name.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::cluster {
namespace {

struct name_case {
    std::string name;
    std::string error;  // empty: the name is legal
};

TEST(topic_name, validates_exactly_as_kafka) {
    const std::string longest(249, 'a');
    const std::string too_long(250, 'a');
    const name_case cases[] = {
        {"orders", ""},
        {"a", ""},
        {"A.b_c-9", ""},
        {"...", ""},
        {"_", ""},
        {"-leading-dash", ""},
        {longest, ""},
        {"", "Topic name is illegal, it can't be empty"},
        {".", "Topic name cannot be \".\" or \"..\""},
        {"..", "Topic name cannot be \".\" or \"..\""},
        {too_long, "Topic name is illegal, it can't be longer than 249 characters, topic name: " + too_long},
        {"with space", "Topic name \"with space\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"},
        {"slash/name", "Topic name \"slash/name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"},
        {"caf\xc3\xa9", "Topic name \"caf\xc3\xa9\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"},
        {"colon:x", "Topic name \"colon:x\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"},
        {std::string("nul\0x", 5), std::string("Topic name \"nul\0x\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'", 103)},
    };
    for (const auto& c : cases) {
        auto result = validate_topic_name(c.name);
        if (c.error.empty()) {
            EXPECT_TRUE(result.has_value()) << c.name;
        } else {
            ASSERT_FALSE(result.has_value()) << c.name;
            EXPECT_EQ(result.error(), c.error);
        }
    }
}

TEST(topic_name, internal_topics_are_kafkas_three) {
    EXPECT_TRUE(is_internal_topic("__consumer_offsets"));
    EXPECT_TRUE(is_internal_topic("__transaction_state"));
    EXPECT_TRUE(is_internal_topic("__share_group_state"));
    EXPECT_FALSE(is_internal_topic("__cluster_metadata"));  // never a topic clients see
    EXPECT_FALSE(is_internal_topic("__my_topic"));
    EXPECT_FALSE(is_internal_topic("orders"));
}

TEST(topic_name, collision_chars) {
    EXPECT_FALSE(topic_name_has_collision_chars("orders"));
    EXPECT_FALSE(topic_name_has_collision_chars("or-ders"));
    EXPECT_TRUE(topic_name_has_collision_chars("a.b"));
    EXPECT_TRUE(topic_name_has_collision_chars("a_b"));
    EXPECT_EQ(unify_topic_collision_chars("a.b_c.d"), "a_b_c_d");
    EXPECT_EQ(unify_topic_collision_chars("plain"), "plain");
    EXPECT_EQ(unify_topic_collision_chars("a.b"), unify_topic_collision_chars("a_b"));
}

}  // namespace
}  // namespace sb::cluster

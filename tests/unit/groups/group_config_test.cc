#include "kafka/groups/group_config.h"

#include <gtest/gtest.h>

namespace sb::kafka::groups {
namespace {

TEST(group_config, defaults_are_kafkas_and_valid) {
    const group_config c;
    EXPECT_EQ(validate(c), "");
    EXPECT_EQ(c.min_session_timeout_ms, 6'000);
    EXPECT_EQ(c.max_session_timeout_ms, 1'800'000);
    EXPECT_EQ(c.initial_rebalance_delay_ms, 3'000);
    EXPECT_EQ(c.max_size, 2'147'483'647);
    EXPECT_EQ(c.offset_metadata_max_bytes, 4'096);
    EXPECT_EQ(c.offsets_retention_minutes, 10'080);
    EXPECT_EQ(c.offsets_retention_ms(), 604'800'000);
    EXPECT_EQ(c.offsets_retention_check_interval_ms, 600'000);
}

TEST(group_config, each_bad_value_is_named) {
    auto error_for = [](auto change) {
        group_config c;
        change(c);
        return validate(c);
    };
    EXPECT_EQ(error_for([](group_config& c) { c.min_session_timeout_ms = 0; }),
              "group.min.session.timeout.ms must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.max_session_timeout_ms = 5'999; }),
              "group.max.session.timeout.ms must not be below group.min.session.timeout.ms");
    EXPECT_EQ(error_for([](group_config& c) { c.initial_rebalance_delay_ms = -1; }),
              "group.initial.rebalance.delay.ms must not be negative");
    EXPECT_EQ(error_for([](group_config& c) { c.max_size = 0; }), "group.max.size must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.new_member_join_timeout_ms = 0; }),
              "group.new.member.join.timeout.ms must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.max_groups = 0; }), "group.max.count must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.offset_metadata_max_bytes = 32'768; }),
              "offset.metadata.max.bytes must be between 0 and 32767");
    EXPECT_EQ(error_for([](group_config& c) { c.offsets_retention_minutes = 0; }),
              "offsets.retention.minutes must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.offsets_retention_check_interval_ms = 0; }),
              "offsets.retention.check.interval.ms must be at least 1");
    EXPECT_EQ(error_for([](group_config& c) { c.offset_metadata_max_bytes = 32'767; }), "");
    EXPECT_EQ(error_for([](group_config& c) { c.initial_rebalance_delay_ms = 0; }), "");
}

}  // namespace
}  // namespace sb::kafka::groups

#include "base/error_code.h"

#include <gtest/gtest.h>

namespace {

TEST(ErrorCode, WireValuesAndNamesAreKafkas) {
    EXPECT_EQ(sb::to_wire(sb::error_code::none), 0);
    EXPECT_EQ(sb::to_wire(sb::error_code::unknown_server_error), -1);
    EXPECT_EQ(sb::to_wire(sb::error_code::unknown_topic_or_partition), 3);
    EXPECT_EQ(sb::to_wire(sb::error_code::unsupported_version), 35);
    EXPECT_EQ(sb::to_wire(sb::error_code::kafka_storage_error), 56);
    EXPECT_EQ(sb::to_wire(sb::error_code::unknown_topic_id), 100);
    EXPECT_EQ(sb::error_name(sb::error_code::not_leader_or_follower), "NOT_LEADER_OR_FOLLOWER");
    EXPECT_EQ(sb::error_name(sb::error_code::none), "NONE");
    EXPECT_EQ(sb::error_name(static_cast<sb::error_code>(9999)), "UNKNOWN_ERROR_CODE");
    EXPECT_EQ(sb::error_message(sb::error_code::unsupported_version), "The version of API is not supported.");
}

TEST(ErrorCode, Retriable) {
    EXPECT_TRUE(sb::error_is_retriable(sb::error_code::not_leader_or_follower));
    EXPECT_TRUE(sb::error_is_retriable(sb::error_code::request_timed_out));
    EXPECT_FALSE(sb::error_is_retriable(sb::error_code::message_too_large));
    EXPECT_FALSE(sb::error_is_retriable(sb::error_code::none));
}

}  // namespace

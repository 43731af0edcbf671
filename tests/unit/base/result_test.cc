#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

sb::result<int> parse_positive(int v) {
    if (v <= 0) return sb::unexpected(sb::error_code::invalid_request);
    return v;
}

TEST(Result, ValueAndError) {
    auto ok = parse_positive(5);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 5);
    auto bad = parse_positive(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), sb::error_code::invalid_request);
    EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, MoveOnlyValueAndCustomError) {
    sb::result<std::unique_ptr<int>, std::string> r = std::make_unique<int>(3);
    ASSERT_TRUE(r.has_value());
    std::unique_ptr<int> p = std::move(r).value();
    EXPECT_EQ(*p, 3);
    sb::result<std::unique_ptr<int>, std::string> e = sb::unexpected(std::string("disk full"));
    EXPECT_EQ(e.error(), "disk full");
}

TEST(Result, VoidStatus) {
    sb::status ok;
    EXPECT_TRUE(ok);
    sb::status bad = sb::unexpected(sb::error_code::kafka_storage_error);
    EXPECT_FALSE(bad);
    EXPECT_EQ(bad.error(), sb::error_code::kafka_storage_error);
}

}  // namespace

#include "protocol/uuid.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

TEST(Uuid, NilIsAllZeroAndPrintsAsKafkaZeroUuid) {
    const uuid u = uuid::nil();
    EXPECT_TRUE(u.is_nil());
    EXPECT_EQ(u.to_string(), "AAAAAAAAAAAAAAAAAAAAAA");
}

TEST(Uuid, PrintsUnpaddedBase64Url) {
    uuid u;
    for (std::size_t i = 0; i < u.bytes.size(); ++i) u.bytes[i] = static_cast<uint8_t>(0xF0 + i);
    EXPECT_FALSE(u.is_nil());
    // f0f1f2 f3f4f5 f6f7f8 f9fafb fcfdfe ff in base64url, the last byte alone giving "_w".
    EXPECT_EQ(u.to_string(), "8PHy8_T19vf4-fr7_P3-_w");
}

TEST(Uuid, ParsesWhatItPrints) {
    uuid u;
    for (std::size_t i = 0; i < u.bytes.size(); ++i) u.bytes[i] = static_cast<uint8_t>(i * 17 + 3);
    const auto parsed = uuid::from_string(u.to_string());
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, u);
}

TEST(Uuid, RejectsMalformedText) {
    EXPECT_FALSE(uuid::from_string("").has_value());
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAA").has_value());    // 21 chars
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAAAA").has_value());  // 23 chars
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAA+A").has_value());   // not url-safe
    // The last character may only carry two bits: "AB" would set a padding bit.
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAAB").has_value());
    EXPECT_TRUE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAAQ").has_value());
}

}  // namespace
}  // namespace sb::protocol

#include "base/varint.h"

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <limits>

namespace {

using namespace sb::varint;

TEST(Varint, ZigzagMatchesKafkaExamples) {
    EXPECT_EQ(zigzag32(0), 0u);
    EXPECT_EQ(zigzag32(-1), 1u);
    EXPECT_EQ(zigzag32(1), 2u);
    EXPECT_EQ(zigzag32(-2), 3u);
    EXPECT_EQ(zigzag32(std::numeric_limits<int32_t>::max()), 0xFFFFFFFEu);
    EXPECT_EQ(zigzag32(std::numeric_limits<int32_t>::min()), 0xFFFFFFFFu);
    EXPECT_EQ(zigzag64(-1), 1u);
    for (int64_t v : std::initializer_list<int64_t>{0, 1, -1, 300, -300, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max()}) {
        EXPECT_EQ(unzigzag64(zigzag64(v)), v);
    }
    for (int32_t v : {0, 1, -1, 63, -64, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}) {
        EXPECT_EQ(unzigzag32(zigzag32(v)), v);
    }
}

TEST(Varint, UnsignedRoundTripAndSizes) {
    std::array<uint8_t, 10> buf{};
    for (uint64_t v : std::initializer_list<uint64_t>{0, 1, 127, 128, 300, 16383, 16384, 0xFFFFFFFF,
                       std::numeric_limits<uint64_t>::max()}) {
        std::size_t n = write_unsigned(v, buf.data());
        EXPECT_EQ(n, size_unsigned(v));
        auto d = read_unsigned(buf.data(), buf.data() + n, k_max_bytes64);
        ASSERT_TRUE(d.has_value());
        EXPECT_EQ(d->value, v);
        EXPECT_EQ(d->size, n);
    }
    // 300 is the classic example: AC 02.
    EXPECT_EQ(write_unsigned(300, buf.data()), 2u);
    EXPECT_EQ(buf[0], 0xAC);
    EXPECT_EQ(buf[1], 0x02);
}

TEST(Varint, RejectsTruncatedAndOverlong) {
    const uint8_t truncated[] = {0x80, 0x80};
    EXPECT_FALSE(read_unsigned(truncated, truncated + 2, k_max_bytes32).has_value());
    const uint8_t six[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    EXPECT_FALSE(read_unsigned(six, six + 6, k_max_bytes32).has_value());
    // A 5-byte 32-bit varint whose last byte carries more than 4 bits overflows 32 bits.
    const uint8_t overflow[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
    EXPECT_FALSE(read_unsigned(overflow, overflow + 5, k_max_bytes32).has_value());
    const uint8_t max32[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    auto d = read_unsigned(max32, max32 + 5, k_max_bytes32);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->value, 0xFFFFFFFFu);
    const uint8_t empty[] = {0};
    EXPECT_FALSE(read_unsigned(empty, empty, k_max_bytes32).has_value());
}

}  // namespace

#include "loadgen/core/rate_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sb::loadgen {
namespace {

constexpr int64_t k_start = 1'000'000'000;

TEST(RateSchedule, OneProducerSendsEveryInterval) {
    rate_schedule s(k_start, 1000, 0, 1);  // 1,000 msg/s: one per millisecond
    ASSERT_TRUE(s.open_loop());
    EXPECT_EQ(s.due_ns(0), k_start);
    EXPECT_EQ(s.due_ns(1), k_start + 1'000'000);
    EXPECT_EQ(s.due_ns(999), k_start + 999'000'000);
}

TEST(RateSchedule, ProducersInterleaveIntoOneEvenStream) {
    // 4 producers share 10,000 msg/s: each sends every 400 us, offset by 100 us from the previous.
    std::vector<int64_t> all;
    for (unsigned i = 0; i < 4; ++i) {
        rate_schedule s(k_start, 10000, i, 4);
        for (uint64_t k = 0; k < 250; ++k) all.push_back(s.due_ns(k));
    }
    std::sort(all.begin(), all.end());
    for (std::size_t j = 0; j < all.size(); ++j) ASSERT_EQ(all[j], k_start + static_cast<int64_t>(j) * 100'000) << j;
}

TEST(RateSchedule, NoDriftOverALongRun) {
    // 3 msg/s does not divide a second evenly; the billionth send is still exact.
    rate_schedule s(0, 3, 0, 1);
    EXPECT_EQ(s.due_ns(3), 1'000'000'000);
    EXPECT_EQ(s.due_ns(3'000'000'000ULL), 1'000'000'000'000'000'000LL);
    EXPECT_EQ(s.due_ns(1), 333'333'333);
}

TEST(RateSchedule, DueByCountsSendsAtOrBeforeNow) {
    rate_schedule s(k_start, 1000, 0, 1);
    EXPECT_EQ(s.due_by(k_start - 1), 0u);
    EXPECT_EQ(s.due_by(k_start), 1u);
    EXPECT_EQ(s.due_by(k_start + 999'999), 1u);
    EXPECT_EQ(s.due_by(k_start + 1'000'000), 2u);
    // Agrees with due_ns everywhere: message count-1 is due, message count is not.
    rate_schedule odd(k_start, 7, 2, 3);
    for (int64_t now = k_start; now < k_start + 3'000'000'000LL; now += 7'919'111) {
        uint64_t n = odd.due_by(now);
        if (n > 0) {
            ASSERT_LE(odd.due_ns(n - 1), now);
        }
        ASSERT_GT(odd.due_ns(n), now);
    }
}

TEST(RateSchedule, DueBeforeGivesTheRunTotal) {
    // 10 s at 50,000 msg/s over 4 producers: exactly 500,000 messages.
    uint64_t total = 0;
    for (unsigned i = 0; i < 4; ++i) total += rate_schedule(k_start, 50000, i, 4).due_before(k_start + 10'000'000'000LL);
    EXPECT_EQ(total, 500'000u);
    EXPECT_EQ(rate_schedule(k_start, 1000, 0, 1).due_before(k_start), 0u);
}

TEST(RateSchedule, ProducerOffsetsStayInsideTheFirstInterval) {
    // 50 producers at 1,000 msg/s: each sends every 50 ms, starting 1 ms apart.
    for (unsigned i = 0; i < 50; ++i) {
        rate_schedule s(k_start, 1000, i, 50);
        EXPECT_EQ(s.due_ns(0), k_start + i * 1'000'000) << i;
        EXPECT_EQ(s.due_ns(1) - s.due_ns(0), 50'000'000) << i;
    }
}

TEST(RateSchedule, RateZeroIsClosedLoop) {
    rate_schedule s(k_start, 0, 0, 4);
    EXPECT_FALSE(s.open_loop());
}

}  // namespace
}  // namespace sb::loadgen

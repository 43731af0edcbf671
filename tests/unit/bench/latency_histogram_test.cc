#include "loadgen/core/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace sb::loadgen {
namespace {

TEST(LatencyHistogram, BucketsAreContiguousAndCoverEveryValue) {
    // Each bucket starts one past the previous one's end, from 0 up to UINT64_MAX.
    uint64_t next = 0;
    for (std::size_t i = 0; i < latency_histogram::k_bucket_count; ++i) {
        ASSERT_EQ(latency_histogram::bucket_lowest(i), next) << "bucket " << i;
        ASSERT_GE(latency_histogram::bucket_highest(i), latency_histogram::bucket_lowest(i));
        next = latency_histogram::bucket_highest(i) + 1;
    }
    EXPECT_EQ(latency_histogram::bucket_highest(latency_histogram::k_bucket_count - 1), UINT64_MAX);
    EXPECT_EQ(latency_histogram::bucket_index(UINT64_MAX), latency_histogram::k_bucket_count - 1);
}

TEST(LatencyHistogram, EveryValueLandsInTheBucketThatSpansIt) {
    std::mt19937_64 random(7);
    for (int i = 0; i < 100000; ++i) {
        uint64_t v = random() >> (random() % 64);
        std::size_t b = latency_histogram::bucket_index(v);
        ASSERT_LE(latency_histogram::bucket_lowest(b), v);
        ASSERT_GE(latency_histogram::bucket_highest(b), v);
    }
    for (uint64_t v = 0; v < 128; ++v) EXPECT_EQ(latency_histogram::bucket_index(v), v);  // exact below 128
}

TEST(LatencyHistogram, BucketWidthIsAtMostOneSixtyFourthOfItsValues) {
    for (std::size_t i = latency_histogram::k_linear_limit; i < latency_histogram::k_bucket_count; ++i) {
        const uint64_t low = latency_histogram::bucket_lowest(i);
        const uint64_t width = latency_histogram::bucket_highest(i) - low + 1;
        ASSERT_LE(width * 64, low) << "bucket " << i;
    }
}

TEST(LatencyHistogram, PercentilesOfOneToTenThousand) {
    latency_histogram h;
    for (uint64_t v = 1; v <= 10000; ++v) h.record(v);
    EXPECT_EQ(h.count(), 10000u);
    EXPECT_EQ(h.min(), 1u);
    EXPECT_EQ(h.max(), 10000u);
    EXPECT_DOUBLE_EQ(h.mean(), 5000.5);
    // The answer is the top of the bucket holding the rank: the truth, or at most 1/64 above it.
    for (double p : {50.0, 90.0, 99.0, 99.9, 99.99}) {
        const auto truth = static_cast<uint64_t>(p * 100);
        const uint64_t got = h.value_at_percentile(p);
        EXPECT_GE(got, truth) << "p" << p;
        EXPECT_LE(got, truth + truth / 64) << "p" << p;
    }
    EXPECT_EQ(h.value_at_percentile(100), 10000u);
}

TEST(LatencyHistogram, SmallValuesAreExact) {
    latency_histogram h;
    for (uint64_t v : {3, 3, 5, 9, 100}) h.record(v);
    EXPECT_EQ(h.value_at_percentile(20), 3u);
    EXPECT_EQ(h.value_at_percentile(40), 3u);
    EXPECT_EQ(h.value_at_percentile(60), 5u);
    EXPECT_EQ(h.value_at_percentile(80), 9u);
    EXPECT_EQ(h.value_at_percentile(99.99), 100u);
}

TEST(LatencyHistogram, OneOutlierShowsAtTheTopPercentilesOnly) {
    latency_histogram h;
    h.record(1000, 9999);
    h.record(5'000'000'000);  // one 5 s stall among 9,999 values of 1 us
    EXPECT_LE(h.value_at_percentile(99.9), 1000u + 1000u / 64);
    // Rank 9,999 is still in the bucket of 1 us, [1000, 1007].
    EXPECT_EQ(h.value_at_percentile(99.99), latency_histogram::bucket_highest(latency_histogram::bucket_index(1000)));
    EXPECT_EQ(latency_histogram::bucket_highest(latency_histogram::bucket_index(1000)), 1007u);
    EXPECT_EQ(h.value_at_percentile(100), 5'000'000'000u);
    EXPECT_EQ(h.max(), 5'000'000'000u);
}

TEST(LatencyHistogram, ClipsToTheMaximumRecorded) {
    latency_histogram h;
    h.record(1'000'001);  // its bucket reaches beyond it
    EXPECT_EQ(h.value_at_percentile(50), 1'000'001u);
}

TEST(LatencyHistogram, EmptyHistogramAnswersZero) {
    latency_histogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min(), 0u);
    EXPECT_EQ(h.max(), 0u);
    EXPECT_EQ(h.value_at_percentile(99), 0u);
    EXPECT_EQ(h.mean(), 0.0);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
    std::mt19937_64 random(11);
    latency_histogram all, a, b;
    for (int i = 0; i < 50000; ++i) {
        uint64_t v = random() % 100'000'000;
        all.record(v);
        (i % 3 == 0 ? a : b).record(v);
    }
    latency_histogram merged;
    merged.merge(a);
    merged.merge(b);
    merged.merge(latency_histogram{});  // an empty one changes nothing
    EXPECT_EQ(merged.count(), all.count());
    EXPECT_EQ(merged.min(), all.min());
    EXPECT_EQ(merged.max(), all.max());
    EXPECT_DOUBLE_EQ(merged.mean(), all.mean());
    for (double p : {1.0, 50.0, 99.0, 99.9, 99.99, 100.0}) {
        EXPECT_EQ(merged.value_at_percentile(p), all.value_at_percentile(p)) << "p" << p;
    }
}

TEST(LatencyHistogram, PercentileMatchesSortedSampleWithinBucketError) {
    std::mt19937_64 random(3);
    std::lognormal_distribution<double> dist(12.0, 1.5);  // latencies around 160 us, long tail
    std::vector<uint64_t> values;
    latency_histogram h;
    for (int i = 0; i < 200000; ++i) {
        auto v = static_cast<uint64_t>(dist(random));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double p : {50.0, 99.0, 99.9, 99.99}) {
        auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
        uint64_t truth = values[rank - 1];
        uint64_t got = h.value_at_percentile(p);
        EXPECT_GE(got, truth) << "p" << p;
        EXPECT_LE(got, truth + truth / 64 + 1) << "p" << p;
    }
}

}  // namespace
}  // namespace sb::loadgen

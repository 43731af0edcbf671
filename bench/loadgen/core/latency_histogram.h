#pragma once
// latency_histogram: a log-linear histogram of non-negative integer values (the load
// generator records nanoseconds), in the manner of HdrHistogram.
//
// Values below 128 each have a bucket of their own. Above that, every power of two
// [2^e, 2^(e+1)) is split linearly into 64 sub-buckets, so a recorded value is known to
// within 1/64 of itself (1.6 %) at any magnitude, from nanoseconds to hours, in a fixed
// 30 KB array. Recording is an index computation and an increment: no allocation, no
// lock. Each thread records into its own histogram and the figures merge them at the end.
//
// Percentiles report the highest value of the bucket that holds the requested rank
// (never lower than the truth), clipped to the exact maximum recorded.

#include <array>
#include <cstddef>
#include <cstdint>

namespace sb::loadgen {

class latency_histogram {
public:
    // Sub-buckets per power of two: 2^k_sub_bucket_bits.
    static constexpr unsigned k_sub_bucket_bits = 6;
    static constexpr uint64_t k_sub_bucket_count = uint64_t{1} << k_sub_bucket_bits;   // 64
    static constexpr uint64_t k_linear_limit = k_sub_bucket_count * 2;                 // 128
    static constexpr std::size_t k_bucket_count =
        k_linear_limit + (63 - k_sub_bucket_bits) * k_sub_bucket_count;                // 3,776

    void record(uint64_t value) { record(value, 1); }
    void record(uint64_t value, uint64_t times);
    // Adds every value recorded in `other`.
    void merge(const latency_histogram& other);

    uint64_t count() const { return count_; }
    uint64_t min() const { return count_ == 0 ? 0 : min_; }
    uint64_t max() const { return max_; }
    double mean() const;
    // The value at `percentile` (0 < percentile <= 100): the smallest bucket bound below
    // which at least that share of the values lie. 0 when nothing was recorded.
    uint64_t value_at_percentile(double percentile) const;

    // Bucket geometry, exposed for the tests.
    static std::size_t bucket_index(uint64_t value);
    static uint64_t bucket_lowest(std::size_t index);
    static uint64_t bucket_highest(std::size_t index);

private:
    std::array<uint64_t, k_bucket_count> counts_{};
    uint64_t count_ = 0;
    uint64_t min_ = UINT64_MAX;
    uint64_t max_ = 0;
    // Sum of values, as long double: a run of 10^9 values of 10^9 ns does not overflow.
    long double sum_ = 0;
};

}  // namespace sb::loadgen

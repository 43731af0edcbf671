#include "loadgen/core/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>

namespace sb::loadgen {

std::size_t latency_histogram::bucket_index(uint64_t value) {
    if (value < k_linear_limit) return static_cast<std::size_t>(value);
    // value >= 128: its top bit is bit 7 or higher. Shift it down so that it lies in
    // [64, 128); the shift names the power of two, the remainder the sub-bucket.
    const unsigned msb = 63 - static_cast<unsigned>(std::countl_zero(value));
    const unsigned shift = msb - k_sub_bucket_bits;
    const uint64_t top = value >> shift;  // in [64, 128)
    return static_cast<std::size_t>(k_linear_limit + (shift - 1) * k_sub_bucket_count + (top - k_sub_bucket_count));
}

uint64_t latency_histogram::bucket_lowest(std::size_t index) {
    if (index < k_linear_limit) return index;
    const uint64_t k = index - k_linear_limit;
    const unsigned shift = static_cast<unsigned>(k / k_sub_bucket_count) + 1;
    const uint64_t top = k % k_sub_bucket_count + k_sub_bucket_count;
    return top << shift;
}

uint64_t latency_histogram::bucket_highest(std::size_t index) {
    if (index < k_linear_limit) return index;
    const uint64_t k = index - k_linear_limit;
    const unsigned shift = static_cast<unsigned>(k / k_sub_bucket_count) + 1;
    const uint64_t lowest = bucket_lowest(index);
    // The very last bucket ends at UINT64_MAX; computing lowest + 2^shift would wrap.
    return lowest + ((uint64_t{1} << shift) - 1);
}

void latency_histogram::record(uint64_t value, uint64_t times) {
    if (times == 0) return;
    counts_[bucket_index(value)] += times;
    count_ += times;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    sum_ += static_cast<long double>(value) * static_cast<long double>(times);
}

void latency_histogram::merge(const latency_histogram& other) {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < k_bucket_count; ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

double latency_histogram::mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

uint64_t latency_histogram::value_at_percentile(double percentile) const {
    assert(percentile > 0 && percentile <= 100);
    if (count_ == 0) return 0;
    // The rank of the value asked for: ceil(p% of count), at least 1. Computed on a
    // long double so that p99.99 of a large count is not rounded away.
    long double exact = static_cast<long double>(percentile) / 100.0L * static_cast<long double>(count_);
    uint64_t rank = static_cast<uint64_t>(std::ceil(exact - 1e-9L));
    rank = std::clamp<uint64_t>(rank, 1, count_);
    uint64_t seen = 0;
    for (std::size_t i = 0; i < k_bucket_count; ++i) {
        seen += counts_[i];
        if (seen >= rank) return std::min(bucket_highest(i), max_);
    }
    return max_;
}

}  // namespace sb::loadgen

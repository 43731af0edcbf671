#include "loadgen/core/rate_schedule.h"

#include <cassert>
#include <cmath>

namespace sb::loadgen {
namespace {

__extension__ using u128 = unsigned __int128;
constexpr u128 k_ns_per_kilosecond = 1'000'000'000'000ULL;

}  // namespace

rate_schedule::rate_schedule(int64_t start_ns, double total_rate_per_s, unsigned producer_index,
                             unsigned producer_count)
    : start_ns_(start_ns),
      rate_milli_(static_cast<uint64_t>(std::llround(total_rate_per_s * 1000))),
      index_(producer_index),
      count_(producer_count) {
    assert(producer_count > 0 && producer_index < producer_count && total_rate_per_s >= 0);
}

int64_t rate_schedule::due_ns(uint64_t k) const {
    assert(open_loop());
    const u128 j = u128{index_} + u128{k} * count_;
    return start_ns_ + static_cast<int64_t>(j * k_ns_per_kilosecond / rate_milli_);
}

uint64_t rate_schedule::due_by(int64_t now_ns) const {
    assert(open_loop());
    if (now_ns < start_ns_) return 0;
    // Message j is due by now when floor(j * 10^12 / rate_milli) <= elapsed, that is when
    // j * 10^12 < (elapsed + 1) * rate_milli. Messages 0 .. run_due-1 of the run qualify.
    const u128 elapsed = static_cast<u128>(now_ns - start_ns_);
    const u128 bound = (elapsed + 1) * rate_milli_;
    const u128 run_due = (bound + k_ns_per_kilosecond - 1) / k_ns_per_kilosecond;
    // This producer's share: k with index + k * count < run_due.
    if (run_due <= index_) return 0;
    return static_cast<uint64_t>((run_due - index_ + count_ - 1) / count_);
}

uint64_t rate_schedule::due_before(int64_t end_ns) const {
    return end_ns <= start_ns_ ? 0 : due_by(end_ns - 1);
}

}  // namespace sb::loadgen

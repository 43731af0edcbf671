#include "loadgen/drivers/paced_producer.h"

#include <algorithm>

namespace sb::loadgen {
namespace {

// How long a closed-loop producer waits for acknowledgements before it looks again.
constexpr int64_t k_closed_loop_wait_ns = 1'000'000;

bool run_open_loop(const rate_schedule& schedule, const run_timeline& timeline, const producer_hooks& hooks) {
    const uint64_t total = schedule.due_before(timeline.end_ns);
    uint64_t next = 0;
    while (next < total) {
        const uint64_t due = std::min(schedule.due_by(now_ns()), total);
        for (; next < due; ++next) {
            if (!hooks.send(schedule.due_ns(next))) return false;
        }
        if (next < total) hooks.wait_until(schedule.due_ns(next));
    }
    return true;
}

bool run_closed_loop(const run_timeline& timeline, uint64_t max_outstanding, const producer_hooks& hooks) {
    while (now_ns() < timeline.start_ns) hooks.wait_until(timeline.start_ns);
    for (int64_t now = now_ns(); now < timeline.end_ns; now = now_ns()) {
        if (hooks.outstanding() < max_outstanding) {
            if (!hooks.send(now)) return false;
        } else {
            hooks.wait_until(std::min(now + k_closed_loop_wait_ns, timeline.end_ns));
        }
    }
    return true;
}

}  // namespace

bool run_paced_producer(const rate_schedule& schedule, const run_timeline& timeline, uint64_t max_outstanding,
                        const producer_hooks& hooks) {
    return schedule.open_loop() ? run_open_loop(schedule, timeline, hooks)
                                : run_closed_loop(timeline, max_outstanding, hooks);
}

}  // namespace sb::loadgen

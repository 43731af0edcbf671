#pragma once
// The send loop of a producer that owns a thread (the rdkafka and nats drivers; the raw
// driver paces its coroutines the same way with timers).
//
// Open loop: every message that is due is sent, stamped with its due time, whether or
// not earlier ones were acknowledged; between sends the thread serves the client's
// callbacks until the next message is due. Closed loop (rate 0): a message is sent,
// stamped with the current time, whenever fewer than `max_outstanding` are waiting for
// their acknowledgement.

#include <cstdint>
#include <functional>

#include "loadgen/core/rate_schedule.h"
#include "loadgen/drivers/run_plan.h"

namespace sb::loadgen {

struct producer_hooks {
    // Sends one message due at `due_ns`; false when the producer cannot go on.
    std::function<bool(int64_t due_ns)> send;
    // Messages sent and neither acknowledged nor failed yet.
    std::function<uint64_t()> outstanding;
    // Serves the client's callbacks, returning no later than `until_ns`.
    std::function<void(int64_t until_ns)> wait_until;
};

// Runs the producer's timetable until timeline.end_ns; false when send() gave up.
bool run_paced_producer(const rate_schedule& schedule, const run_timeline& timeline, uint64_t max_outstanding,
                        const producer_hooks& hooks);

}  // namespace sb::loadgen

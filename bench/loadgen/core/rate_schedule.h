#pragma once
// rate_schedule: when each message of one open-loop producer is due.
//
// An open-loop producer sends on a fixed timetable whatever the broker does. With n
// producers sharing `rate` messages per second, message k of producer i is message
// j = i + k * n of the run, due at
//
//     start + floor(j * 10^9 / rate)  nanoseconds
//
// so the producers' timetables interleave into one even stream. Every time is computed
// from j in exact integer arithmetic (the rate is kept in thousandths of a message per
// second), so a long run neither drifts nor rounds differently from one call to the next.
//
// Latency is measured from these due times, not from when the message actually left:
// when the broker (or the client) stalls, the messages that should have been sent
// during the stall count their waiting time, and the stall is not hidden
// ("coordinated omission").
//
// A rate of 0 means no timetable (closed loop, as fast as a bounded window allows); the
// driver then stamps each message with the time it creates it.

#include <cstdint>

namespace sb::loadgen {

class rate_schedule {
public:
    // `start_ns` on the clock the driver uses; `total_rate_per_s` >= 0 shared by
    // `producer_count` producers, of which this is `producer_index`.
    rate_schedule(int64_t start_ns, double total_rate_per_s, unsigned producer_index, unsigned producer_count);

    bool open_loop() const { return rate_milli_ > 0; }

    // When message k (0, 1, ...) of this producer is due. Precondition: open_loop().
    int64_t due_ns(uint64_t k) const;
    // How many of this producer's messages are due at or before `now_ns`.
    uint64_t due_by(int64_t now_ns) const;
    // How many are due strictly before `end_ns` (this producer's total for a run).
    uint64_t due_before(int64_t end_ns) const;

private:
    int64_t start_ns_;
    uint64_t rate_milli_ = 0;  // messages per 1,000 s over all producers
    uint64_t index_;
    uint64_t count_;
};

}  // namespace sb::loadgen

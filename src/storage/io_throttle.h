#pragma once
// Limits the rate of background I/O (compaction) to a number of bytes per second by
// sleeping the background thread: after `n` bytes the caller may not be ahead of
// n / rate seconds since it started. Runs on one background thread; not thread-safe.

#include <cstdint>
#include <functional>

namespace sb::storage {

class io_throttle {
public:
    using now_fn = std::function<int64_t()>;        // monotonic nanoseconds
    using sleep_fn = std::function<void(int64_t)>;  // sleeps for nanoseconds

    // The real monotonic clock and sleep.
    explicit io_throttle(uint64_t bytes_per_second);
    io_throttle(uint64_t bytes_per_second, now_fn now, sleep_fn sleep);

    // Accounts for `bytes` of I/O, sleeping as long as the rate requires.
    void account(uint64_t bytes);
    uint64_t total_bytes() const { return total_bytes_; }

private:
    uint64_t bytes_per_second_;
    now_fn now_;
    sleep_fn sleep_;
    int64_t start_ns_;
    uint64_t total_bytes_ = 0;
};

}  // namespace sb::storage

#include "storage/io_throttle.h"

#include <cassert>
#include <chrono>
#include <thread>

namespace sb::storage {

io_throttle::io_throttle(uint64_t bytes_per_second)
    : io_throttle(
          bytes_per_second,
          [] {
              return std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                  .count();
          },
          [](int64_t ns) { std::this_thread::sleep_for(std::chrono::nanoseconds(ns)); }) {}

io_throttle::io_throttle(uint64_t bytes_per_second, now_fn now, sleep_fn sleep)
    : bytes_per_second_(bytes_per_second), now_(std::move(now)), sleep_(std::move(sleep)), start_ns_(now_()) {
    assert(bytes_per_second_ > 0);
}

void io_throttle::account(uint64_t bytes) {
    total_bytes_ += bytes;
    // Earliest time at which total_bytes_ is allowed at this rate.
    long double allowed_ns = static_cast<long double>(total_bytes_) * 1e9L / static_cast<long double>(bytes_per_second_);
    int64_t due_ns = start_ns_ + static_cast<int64_t>(allowed_ns);
    int64_t now_ns = now_();
    if (due_ns > now_ns) sleep_(due_ns - now_ns);
}

}  // namespace sb::storage

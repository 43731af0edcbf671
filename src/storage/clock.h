#pragma once
// Wall-clock time for storage (segment.ms, retention.ms, flush.ms, LogAppendTime),
// injected so that tests can move time by hand.

#include <chrono>
#include <cstdint>

namespace sb::storage {

class clock {
public:
    virtual ~clock() = default;
    // Milliseconds since the Unix epoch.
    virtual int64_t now_ms() const = 0;
};

class system_clock final : public clock {
public:
    int64_t now_ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// Time that moves only when told to. Not thread-safe: used from the test's thread.
class manual_clock final : public clock {
public:
    explicit manual_clock(int64_t start_ms = 1'700'000'000'000) : now_ms_(start_ms) {}
    int64_t now_ms() const override { return now_ms_; }
    void advance_ms(int64_t ms) { now_ms_ += ms; }
    void set_ms(int64_t ms) { now_ms_ = ms; }

private:
    int64_t now_ms_;
};

}  // namespace sb::storage

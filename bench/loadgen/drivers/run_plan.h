#pragma once
// run_plan: a workload made concrete for one run (command-line overrides applied,
// topic names chosen), the run's timeline, and the helpers every driver shares.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "loadgen/core/recorder.h"
#include "loadgen/core/workload.h"

namespace sb::loadgen {

enum class acks_mode { leader, all };

// How long the drivers wait, once the producers have stopped, for the last
// acknowledgements and then for the consumers to receive every acknowledged message.
inline constexpr int k_drain_timeout_ms = 30'000;
// Time between the end of the set-up and the first scheduled message, so that every
// producer thread is waiting on its timetable when it starts.
inline constexpr int k_start_lead_ms = 200;

struct run_plan {
    std::string driver_name;
    std::string brokers;  // host:port
    workload load;
    std::vector<std::string> topics;
    double rate_per_s = 0;  // over all producers; 0 = max throughput
    double duration_s = 0;  // measured part
    double warmup_s = 0;
    acks_mode acks = acks_mode::all;

    int producer_count() const { return static_cast<int>(topics.size()) * load.producers_per_topic; }
    int consumer_count() const { return static_cast<int>(topics.size()) * load.consumers_per_subscription; }
};

// Monotonic nanoseconds: the clock of every due time, acknowledgement and consumption.
inline int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct run_timeline {
    int64_t start_ns = 0;         // first message due
    int64_t measure_from_ns = 0;  // end of the warm-up
    int64_t end_ns = 0;           // no message is due at or after this

    // A timeline that starts k_start_lead_ms from now.
    static run_timeline starting_soon(const run_plan& plan);
    measurement_window window() const { return {measure_from_ns, end_ns}; }
};

// The partitions consumer `index` of `count` reads: index, index + count, ...
std::vector<int32_t> partitions_of_consumer(int index, int count, int partitions);

// Progress the threads share with the thread that decides when the run is over.
struct run_progress {
    std::atomic<uint64_t> acked{0};
    std::atomic<uint64_t> failed{0};  // messages that will never be acknowledged
    std::atomic<uint64_t> consumed{0};
    std::atomic<int> producers_running{0};
    std::atomic<bool> stop_consumers{false};

    // Blocks until the producers have finished, then until the consumers have received
    // every acknowledged message or k_drain_timeout_ms pass without progress; then asks
    // the consumers to stop.
    void wait_for_drain(bool has_consumers);
};

}  // namespace sb::loadgen

#include "loadgen/drivers/run_plan.h"

#include <cmath>
#include <thread>

namespace sb::loadgen {

run_timeline run_timeline::starting_soon(const run_plan& plan) {
    run_timeline t;
    t.start_ns = now_ns() + int64_t{k_start_lead_ms} * 1'000'000;
    t.measure_from_ns = t.start_ns + std::llround(plan.warmup_s * 1e9);
    t.end_ns = t.measure_from_ns + std::llround(plan.duration_s * 1e9);
    return t;
}

std::vector<int32_t> partitions_of_consumer(int index, int count, int partitions) {
    std::vector<int32_t> out;
    for (int p = index; p < partitions; p += count) out.push_back(p);
    return out;
}

void run_progress::wait_for_drain(bool has_consumers) {
    using namespace std::chrono_literals;
    while (producers_running.load() > 0) std::this_thread::sleep_for(10ms);
    if (has_consumers) {
        uint64_t last = consumed.load();
        auto last_progress = std::chrono::steady_clock::now();
        while (consumed.load() < acked.load()) {
            std::this_thread::sleep_for(10ms);
            uint64_t now = consumed.load();
            if (now != last) {
                last = now;
                last_progress = std::chrono::steady_clock::now();
            } else if (std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(k_drain_timeout_ms)) {
                break;
            }
        }
    }
    stop_consumers = true;
}

}  // namespace sb::loadgen

#pragma once
// The end of a run for the drivers whose producers (and consumers) own threads: start
// them, wait for the drain (run_progress::wait_for_drain), join, merge their figures.

#include <memory>
#include <thread>
#include <vector>

#include "loadgen/core/recorder.h"
#include "loadgen/drivers/run_plan.h"

namespace sb::loadgen {

// Producer and Consumer have run() and figures(); a consumer without a thread of its own
// (its client library delivers on its threads) has run_on_thread() == false.
template <class Producer, class Consumer>
recorder run_threads(run_progress& progress, const run_timeline& timeline,
                     std::vector<std::unique_ptr<Producer>>& producers,
                     std::vector<std::unique_ptr<Consumer>>& consumers) {
    std::vector<std::thread> threads;
    for (auto& c : consumers) {
        if (c->run_on_thread()) threads.emplace_back([&c] { c->run(); });
    }
    progress.producers_running = static_cast<int>(producers.size());
    for (auto& p : producers) threads.emplace_back([&p] { p->run(); });
    progress.wait_for_drain(!consumers.empty());
    for (auto& th : threads) th.join();

    recorder totals(timeline.window());
    for (auto& p : producers) totals.merge(p->figures());
    for (auto& c : consumers) totals.merge(c->figures());
    return totals;
}

}  // namespace sb::loadgen

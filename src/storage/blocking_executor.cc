#include "storage/blocking_executor.h"

#include <cassert>
#include <chrono>

namespace sb::storage {

void manual_executor::submit(std::function<void()> work, std::function<void()> done_on_owner) {
    jobs_.emplace_back(std::move(work), std::move(done_on_owner));
}

bool manual_executor::run_one() {
    if (jobs_.empty()) return false;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    if (job.first) job.first();
    if (job.second) job.second();
    return true;
}

std::size_t manual_executor::run_all() {
    std::size_t n = 0;
    while (run_one()) ++n;
    return n;
}

void owner_queue::post(std::function<void()> fn) {
    {
        std::lock_guard lock(mu_);
        pending_.push_back(std::move(fn));
    }
    cv_.notify_one();
}

std::size_t owner_queue::run_pending() {
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(mu_);
        batch.swap(pending_);
    }
    for (auto& fn : batch) fn();
    return batch.size();
}

std::size_t owner_queue::wait_and_run(int timeout_ms) {
    {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !pending_.empty(); });
    }
    return run_pending();
}

thread_pool_executor::thread_pool_executor(std::size_t threads,
                                           std::function<void(std::function<void()>)> post_to_owner)
    : post_to_owner_(std::move(post_to_owner)) {
    assert(threads > 0);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

thread_pool_executor::~thread_pool_executor() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void thread_pool_executor::submit(std::function<void()> work, std::function<void()> done_on_owner) {
    {
        std::lock_guard lock(mu_);
        assert(!stopping_);
        jobs_.emplace_back(std::move(work), std::move(done_on_owner));
    }
    cv_.notify_one();
}

void thread_pool_executor::run() {
    for (;;) {
        std::pair<std::function<void()>, std::function<void()>> job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping and drained
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        if (job.first) job.first();
        if (job.second) post_to_owner_(std::move(job.second));
    }
}

}  // namespace sb::storage

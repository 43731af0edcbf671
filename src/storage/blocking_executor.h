#pragma once
// Where storage sends blocking work (fsync, open, close, unlink, rename, directory fsync,
// compaction I/O) so that it never runs on the owning shard's event loop.
//
// submit(work, done): `work` runs on some other thread; afterwards `done` runs on the
// owner's thread (the shard that submitted it). The broker's adapter posts `done` to the
// shard's io_context; tests use manual_executor, which runs both when told to, in order.
//
// Storage keeps the amount of queued work bounded by construction: per partition log at
// most one flush, one segment switch, one cleaning and a few unlinks are in flight.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sb::storage {

class blocking_executor {
public:
    virtual ~blocking_executor() = default;
    virtual void submit(std::function<void()> work, std::function<void()> done_on_owner) = 0;
};

// Runs nothing until run_one()/run_all() is called; then runs work and done back to back
// on the calling thread, in submission order. For deterministic tests.
class manual_executor final : public blocking_executor {
public:
    void submit(std::function<void()> work, std::function<void()> done_on_owner) override;
    // Runs the oldest job; false if none was queued.
    bool run_one();
    // Runs jobs (including ones submitted by the jobs themselves) until none is left.
    std::size_t run_all();
    std::size_t queued() const { return jobs_.size(); }

private:
    std::deque<std::pair<std::function<void()>, std::function<void()>>> jobs_;
};

// A queue of callbacks that one owner thread drains: the "post to owner" of programs that
// have no event loop (the crash-test writer, benchmarks). Thread-safe.
class owner_queue {
public:
    void post(std::function<void()> fn);
    // Runs everything posted so far; returns how many ran.
    std::size_t run_pending();
    // Waits until at least one callback is posted (or timeout), then runs all pending.
    std::size_t wait_and_run(int timeout_ms);

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::function<void()>> pending_;
};

// A fixed pool of threads for blocking work. `post_to_owner` hands each `done` back to the
// owner (for example owner_queue::post, or posting to a shard's io_context).
class thread_pool_executor final : public blocking_executor {
public:
    thread_pool_executor(std::size_t threads, std::function<void(std::function<void()>)> post_to_owner);
    ~thread_pool_executor() override;  // finishes queued work, then joins
    thread_pool_executor(const thread_pool_executor&) = delete;
    thread_pool_executor& operator=(const thread_pool_executor&) = delete;

    void submit(std::function<void()> work, std::function<void()> done_on_owner) override;

private:
    void run();

    std::function<void(std::function<void()>)> post_to_owner_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::pair<std::function<void()>, std::function<void()>>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace sb::storage

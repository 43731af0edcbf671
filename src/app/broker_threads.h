#pragma once
// The broker's threads: one event loop per shard, and the pool that runs their blocking
// work (fsync, open, unlink, recovery), torn down in the one safe order.
//
// Shard code posts jobs to the pool, and every pool job posts its completion back to the
// shard that submitted it. So, when the broker stops:
//   1. the shard loops stop and their threads are joined: nothing submits new jobs;
//   2. the pool is joined: no job still runs that could post to a shard's io_context;
//   3. the shards' io_contexts are destroyed, and with them the handlers still queued -
//      which may hold the last reference to a partition log whose destructor posts to the
//      pool (it still exists; the job is dropped with it);
//   4. the pool is destroyed.
// Members are destroyed in reverse order, so `blocking` is declared before `shards`.

#include <cstddef>

#include <boost/asio/thread_pool.hpp>

#include "net/shard_pool.h"

namespace sb::app {

struct broker_threads {
    broker_threads(unsigned shard_count, std::size_t blocking_threads)
        : blocking(blocking_threads), shards(shard_count) {}
    ~broker_threads() { stop(); }
    broker_threads(const broker_threads&) = delete;
    broker_threads& operator=(const broker_threads&) = delete;

    // Steps 1 and 2; blocking, from a thread that is not a shard's. Again: nothing.
    void stop() {
        shards.stop();
        shards.join();
        blocking.join();
    }

    boost::asio::thread_pool blocking;
    net::shard_pool shards;
};

}  // namespace sb::app

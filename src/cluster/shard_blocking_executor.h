#pragma once
// storage::blocking_executor for a shard of the broker: the blocking work (fsync, open,
// unlink) runs on a thread pool shared by every shard, and its completion is posted back
// to the shard's event loop, which owns the partition logs that submitted it.
//
// One per shard. submit() is thread-safe (it only posts); the pool's queue is bounded
// by storage's own rule (a few jobs in flight per partition log).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "storage/blocking_executor.h"

namespace sb::cluster {

class shard_blocking_executor final : public storage::blocking_executor {
public:
    shard_blocking_executor(boost::asio::thread_pool& pool, boost::asio::any_io_executor owner)
        : pool_(pool), owner_(std::move(owner)) {}

    void submit(std::function<void()> work, std::function<void()> done_on_owner) override {
        boost::asio::post(pool_, [work = std::move(work), done = std::move(done_on_owner), owner = owner_]() mutable {
            if (work) work();
            if (done) boost::asio::post(owner, std::move(done));
        });
    }

private:
    boost::asio::thread_pool& pool_;
    boost::asio::any_io_executor owner_;
};

}  // namespace sb::cluster

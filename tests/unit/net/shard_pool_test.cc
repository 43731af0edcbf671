// Shutting the shard pool down with handlers still queued (net/shard_pool.h): a handler
// queued on one shard that holds a work-counting executor of another shard must be
// destroyed while that other shard's io_context still exists. Under AddressSanitizer a
// wrong order is a heap-use-after-free, which is what these tests would report.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <utility>

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include "net/shard_pool.h"

namespace {

using tracked_executor = decltype(boost::asio::prefer(std::declval<boost::asio::io_context&>().get_executor(),
                                                      boost::asio::execution::outstanding_work.tracked));

tracked_executor tracked(boost::asio::io_context& ctx) {
    return boost::asio::prefer(ctx.get_executor(), boost::asio::execution::outstanding_work.tracked);
}

// Counts how many handlers were destroyed without being run.
struct destroyed_count {
    std::atomic<int> value{0};
};

// A handler that keeps another shard's context busy until it is run or destroyed.
struct holds_other_shard {
    tracked_executor other;
    std::shared_ptr<destroyed_count> destroyed;
    bool ran = false;
    holds_other_shard(tracked_executor e, std::shared_ptr<destroyed_count> d) : other(std::move(e)), destroyed(std::move(d)) {}
    holds_other_shard(holds_other_shard&& o) noexcept = default;
    ~holds_other_shard() {
        if (destroyed && !ran) ++destroyed->value;
    }
    void operator()() { ran = true; }
};

TEST(ShardPoolTest, HandlerHoldingAnEarlierShardIsDestroyedBeforeThatShardIsFreed) {
    auto destroyed = std::make_shared<destroyed_count>();
    {
        sb::net::shard_pool pool(2);
        // Shard 0 is freed before shard 1; the handler on shard 1 touches shard 0 when destroyed.
        boost::asio::post(pool.context(1), holds_other_shard(tracked(pool.context(0)), destroyed));
    }
    EXPECT_EQ(destroyed->value.load(), 1);
}

TEST(ShardPoolTest, HandlersLeftQueuedByRunningShardsAreDestroyedSafely) {
    auto destroyed = std::make_shared<destroyed_count>();
    {
        sb::net::shard_pool pool(3);
        pool.start();
        pool.stop();
        pool.join();
        // Queued after the loops stopped: never run, only destroyed.
        for (unsigned from = 0; from < 3; ++from) {
            for (unsigned to = 0; to < 3; ++to) {
                boost::asio::post(pool.context(from), holds_other_shard(tracked(pool.context(to)), destroyed));
            }
        }
    }
    EXPECT_EQ(destroyed->value.load(), 9);
}

// Destroying this handler queues another on shard 1 holding shard 0: something posted into a
// context whose queue was already destroyed once.
struct posts_when_destroyed {
    sb::net::shard_pool* pool;
    std::shared_ptr<destroyed_count> destroyed;
    posts_when_destroyed(sb::net::shard_pool* p, std::shared_ptr<destroyed_count> d) : pool(p), destroyed(std::move(d)) {}
    posts_when_destroyed(posts_when_destroyed&& o) noexcept : pool(std::exchange(o.pool, nullptr)), destroyed(std::move(o.destroyed)) {}
    ~posts_when_destroyed() {
        if (pool == nullptr) return;
        ++destroyed->value;
        boost::asio::post(pool->context(1), holds_other_shard(tracked(pool->context(0)), destroyed));
    }
    void operator()() { pool = nullptr; }
};

TEST(ShardPoolTest, HandlerPostedByADestroyedHandlerIsDestroyedBeforeTheShardsAreFreed) {
    auto destroyed = std::make_shared<destroyed_count>();
    {
        sb::net::shard_pool pool(3);
        // Shards 0 and 1 have had their queues destroyed when shard 2's handler is destroyed
        // and posts to shard 1 a handler that holds shard 0.
        boost::asio::post(pool.context(2), posts_when_destroyed(&pool, destroyed));
    }
    EXPECT_EQ(destroyed->value.load(), 2);
}

}  // namespace

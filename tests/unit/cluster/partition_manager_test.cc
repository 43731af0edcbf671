#include "cluster/partition_manager.h"

#include <gtest/gtest.h>

#include <future>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "cluster/random_uuid.h"
#include "storage/file_system.h"
#include "temp_dir.h"

namespace sb::cluster {
namespace {

std::shared_ptr<const topic_metadata> make_topic(std::string name, int32_t partitions) {
    auto topic = std::make_shared<topic_metadata>();
    topic->name = std::move(name);
    topic->id = random_uuid();
    topic->replicas_by_partition.assign(static_cast<std::size_t>(partitions), std::vector<int32_t>{0});
    return topic;
}

std::unique_ptr<partition_manager> make_manager(boost::asio::io_context& io, boost::asio::thread_pool& pool,
                                                const std::filesystem::path& dir) {
    partition_manager_config config;
    config.data_dir = dir;
    return std::make_unique<partition_manager>(config, std::vector<boost::asio::any_io_executor>{io.get_executor()},
                                               pool, storage::posix_file_system());
}

// Shutdown while partitions are opening (SIGTERM during start-up): the opens are on the
// blocking pool when the shard is closed. close_shard must not finish before they do, or
// their logs are destroyed later, with the event loop, after the pool is gone.
TEST(partition_manager, close_shard_waits_for_partitions_being_opened) {
    testing::temp_dir dir;
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    boost::asio::thread_pool pool(1);
    auto manager = make_manager(io, pool, dir.path());
    const auto topic = make_topic("opening", 16);

    // Hold the pool's only thread: every open waits behind this job.
    std::promise<void> gate;
    auto released = gate.get_future().share();
    boost::asio::post(pool, [released] { released.wait(); });

    std::optional<sb::status> created;
    boost::asio::co_spawn(io, manager->create_partitions(topic), [&](std::exception_ptr e, sb::status s) {
        if (e) std::rethrow_exception(e);
        created = s;
    });
    io.poll();
    EXPECT_FALSE(created.has_value());

    bool closed = false;
    boost::asio::co_spawn(io, manager->close_shard(0), [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
        closed = true;
    });
    io.poll();
    EXPECT_FALSE(closed) << "close_shard finished while partitions were still being opened";

    gate.set_value();
    while (!closed) io.run_one();
    // Every open ended (and closed its partition, the shard being stopped) before the
    // shard's close did: nothing that owns a log is left for the event loop to destroy.
    while (!created) io.run_one();
    EXPECT_TRUE(created->has_value());
    EXPECT_EQ(manager->open_partitions(), 0u);
    EXPECT_EQ(manager->find(0, {topic->id, 0}), nullptr);

    // The partitions were closed cleanly: they open again.
    io.poll();  // the tick loop sees the stop and ends
    manager.reset();
    auto reopened = make_manager(io, pool, dir.path());
    std::optional<sb::status> again;
    boost::asio::co_spawn(io, reopened->create_partitions(topic), [&](std::exception_ptr e, sb::status s) {
        if (e) std::rethrow_exception(e);
        again = s;
    });
    while (!again) io.run_one();
    EXPECT_TRUE(again->has_value());
    EXPECT_EQ(reopened->open_partitions(), 16u);
    closed = false;
    boost::asio::co_spawn(io, reopened->close_shard(0), [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
        closed = true;
    });
    while (!closed) io.run_one();
    EXPECT_EQ(reopened->open_partitions(), 0u);
    io.poll();
    pool.join();
}

}  // namespace
}  // namespace sb::cluster

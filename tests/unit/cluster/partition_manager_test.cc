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

// Runs `make()`'s coroutine on `io` to completion and returns its value.
template <class T, class MakeAwaitable>
T run_now(boost::asio::io_context& io, MakeAwaitable make) {
    std::optional<T> out;
    boost::asio::co_spawn(io, make(), [&](std::exception_ptr e, T value) {
        if (e) std::rethrow_exception(e);
        out = std::move(value);
    });
    while (!out) io.run_one();
    return std::move(*out);
}

void close_now(boost::asio::io_context& io, partition_manager& manager) {
    bool closed = false;
    boost::asio::co_spawn(io, manager.close_shard(0), [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
        closed = true;
    });
    while (!closed) io.run_one();
    io.poll();
}

std::shared_ptr<const topic_metadata> with_configs(const topic_metadata& topic, decltype(topic_metadata::configs) configs) {
    auto changed = std::make_shared<topic_metadata>(topic);
    changed->configs = std::move(configs);
    return changed;
}

// A manager of one shard on `io` with a blocking pool of one thread; finish() closes the
// shard and joins the pool.
struct manager_env {
    testing::temp_dir dir;
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
    boost::asio::thread_pool pool{1};
    std::unique_ptr<partition_manager> manager = make_manager(io, pool, dir.path());

    void finish() {
        close_now(io, *manager);
        manager.reset();
        pool.join();
    }
};

// Holds the pool's only thread until the returned promise is set: every open waits
// behind it.
std::promise<void> hold_pool(boost::asio::thread_pool& pool) {
    std::promise<void> gate;
    auto released = gate.get_future().share();
    boost::asio::post(pool, [released] { released.wait(); });
    return gate;
}

// Starts creating `topic`'s partitions; `created` holds the outcome once they are open.
void start_creating(boost::asio::io_context& io, partition_manager& manager, std::shared_ptr<const topic_metadata> topic,
                    std::optional<sb::status>& created) {
    boost::asio::co_spawn(io, manager.create_partitions(std::move(topic)), [&created](std::exception_ptr e, sb::status s) {
        if (e) std::rethrow_exception(e);
        created = s;
    });
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

    std::promise<void> gate = hold_pool(pool);
    std::optional<sb::status> created;
    start_creating(io, *manager, topic, created);
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

constexpr uint64_t k_kafka_segment_bytes = 1073741824;

// SIGHUP's new broker defaults reach every open partition; a topic's own value wins, and
// a default that goes away falls back to Kafka's.
TEST(partition_manager, new_topic_defaults_reconfigure_open_partitions_under_topic_values) {
    manager_env env;
    auto& [dir, io, work, pool, manager] = env;
    const auto plain = make_topic("plain", 2);
    const auto pinned = with_configs(*make_topic("pinned", 1), {{"segment.bytes", "5000"}});
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->create_partitions(plain); }).has_value());
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->create_partitions(pinned); }).has_value());
    auto log_config = [&](const topic_metadata& t, int32_t index) { return manager->find(0, {t.id, index})->config().log; };
    EXPECT_EQ(log_config(*plain, 1).segment_bytes, k_kafka_segment_bytes);

    const topic_config_defaults defaults{{"segment.bytes", "2000"}, {"retention.ms", "1000"}};
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->set_topic_defaults(defaults); }).has_value());
    EXPECT_EQ(*manager->topic_defaults(), defaults);
    for (int32_t index : {0, 1}) {
        EXPECT_EQ(log_config(*plain, index).segment_bytes, 2000u);
        EXPECT_EQ(log_config(*plain, index).retention_ms, 1000);
    }
    EXPECT_EQ(log_config(*pinned, 0).segment_bytes, 5000u);
    EXPECT_EQ(log_config(*pinned, 0).retention_ms, 1000);

    // AlterConfigs after the change: the topic's values over the new defaults.
    const auto altered = with_configs(*plain, {{"retention.ms", "7"}});
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->update_configs(altered); }).has_value());
    for (int32_t index : {0, 1}) {
        EXPECT_EQ(log_config(*plain, index).segment_bytes, 2000u);
        EXPECT_EQ(log_config(*plain, index).retention_ms, 7);
    }

    // Defaults that do not parse change nothing.
    const topic_config_defaults broken{{"segment.bytes", "2x"}};
    EXPECT_EQ(run_now<sb::status>(io, [&] { return manager->set_topic_defaults(broken); }).error(),
              error_code::invalid_config);
    EXPECT_EQ(*manager->topic_defaults(), defaults);
    EXPECT_EQ(log_config(*plain, 1).segment_bytes, 2000u);

    // Taken out of the configuration: Kafka's defaults again; the topic's own value stays.
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->set_topic_defaults({}); }).has_value());
    for (int32_t index : {0, 1}) {
        EXPECT_EQ(log_config(*plain, index).segment_bytes, k_kafka_segment_bytes);
        EXPECT_EQ(log_config(*plain, index).retention_ms, 7);
    }
    EXPECT_EQ(log_config(*pinned, 0).segment_bytes, 5000u);
    EXPECT_EQ(log_config(*pinned, 0).retention_ms, 604800000);

    env.finish();
}

// The compaction lags reach the open partition's log, which its cleaner reads at the next
// pass: from AlterConfigs (update_configs) and from new broker defaults (SIGHUP).
TEST(partition_manager, compaction_lags_reach_the_open_partitions_log) {
    manager_env env;
    auto& [dir, io, work, pool, manager] = env;
    const auto topic = with_configs(*make_topic("lagged", 1), {{"cleanup.policy", "compact"}});
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->create_partitions(topic); }).has_value());
    auto log_config = [&] { return manager->find(0, {topic->id, 0})->log().config(); };
    EXPECT_EQ(log_config().min_compaction_lag_ms, 0);
    EXPECT_EQ(log_config().max_compaction_lag_ms, INT64_MAX);

    const auto altered = with_configs(*topic, {{"cleanup.policy", "compact"}, {"min.compaction.lag.ms", "3600000"},
                                               {"max.compaction.lag.ms", "7200000"}});
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->update_configs(altered); }).has_value());
    EXPECT_EQ(log_config().min_compaction_lag_ms, 3600000);
    EXPECT_EQ(log_config().max_compaction_lag_ms, 7200000);
    // With compaction on, the max lag also bounds how long the active segment stays open.
    EXPECT_EQ(storage::max_segment_ms(log_config()), 7200000);

    const auto own_min_only = with_configs(*topic, {{"cleanup.policy", "compact"}, {"min.compaction.lag.ms", "0"}});
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->update_configs(own_min_only); }).has_value());
    const topic_config_defaults defaults{{"max.compaction.lag.ms", "1000"}};
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->set_topic_defaults(defaults); }).has_value());
    EXPECT_EQ(log_config().min_compaction_lag_ms, 0);
    EXPECT_EQ(log_config().max_compaction_lag_ms, 1000);

    env.finish();
}

// A partition that is still opening when the defaults change takes them once open.
TEST(partition_manager, partitions_opening_during_a_defaults_change_take_the_new_defaults) {
    manager_env env;
    auto& [dir, io, work, pool, manager] = env;
    const auto topic = make_topic("late", 3);

    std::promise<void> gate = hold_pool(pool);
    std::optional<sb::status> created;
    start_creating(io, *manager, topic, created);
    io.poll();
    ASSERT_FALSE(created.has_value());
    // They opened with the old defaults in hand; the new ones are published meanwhile.
    ASSERT_TRUE(run_now<sb::status>(io, [&] { return manager->set_topic_defaults({{"segment.bytes", "3000"}}); })
                    .has_value());
    gate.set_value();
    while (!created) io.run_one();
    ASSERT_TRUE(created->has_value());
    for (int32_t index = 0; index < 3; ++index) {
        EXPECT_EQ(manager->find(0, {topic->id, index})->config().log.segment_bytes, 3000u);
    }
    env.finish();
}

}  // namespace
}  // namespace sb::cluster

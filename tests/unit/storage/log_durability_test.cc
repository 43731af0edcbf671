// Flushing: acks=all waits for fsync, group commit, flush.messages / flush.ms, fsync failure.
#include <gtest/gtest.h>

#include "faulty_file_system.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

// Appends use leader epoch -1 (none), so no partition-state write joins the executor's
// queue and every queued job is a flush.
constexpr int32_t k_no_epoch = -1;

struct durability_env : log_env {
    std::shared_ptr<fault_plan> plan = std::make_shared<fault_plan>();
    durability_env() { fs = std::make_shared<faulty_file_system>(plan); }
};

TEST(LogDurability, AcksAllWaitsForFsync) {
    temp_dir dir;
    durability_env env;
    auto log = env.open(dir.path(), {});
    auto r = log->append_as_leader(make_batch(3), k_no_epoch);
    ASSERT_TRUE(r);
    int acked = 0;
    log->wait_flushed(r->last_offset, [&](status st) { acked += st.has_value() ? 1 : 100; });
    EXPECT_EQ(acked, 0);
    EXPECT_EQ(log->flushed_offset(), 0);
    env.plan->syncs = 0;
    env.executor.run_all();
    EXPECT_EQ(acked, 1);
    EXPECT_EQ(env.plan->syncs.load(), 1u);
    EXPECT_EQ(log->flushed_offset(), 3);
    // Already durable: answered at once.
    log->wait_flushed(2, [&](status st) { acked += st.has_value() ? 1 : 100; });
    EXPECT_EQ(acked, 2);
}

TEST(LogDurability, ConcurrentAppendsShareOneFsync) {
    temp_dir dir;
    durability_env env;
    auto log = env.open(dir.path(), {});
    env.plan->syncs = 0;
    int acked = 0;
    for (int i = 0; i < 10; ++i) {
        auto r = log->append_as_leader(make_batch(1, i), k_no_epoch);
        ASSERT_TRUE(r);
        log->wait_flushed(r->last_offset, [&](status st) { acked += st.has_value() ? 1 : 100; });
    }
    // The first fsync started with one batch written; the nine others join the next one.
    EXPECT_EQ(env.executor.queued(), 1u);
    env.executor.run_all();
    EXPECT_EQ(acked, 10);
    EXPECT_EQ(env.plan->syncs.load(), 2u);
    EXPECT_EQ(log->flushed_offset(), 10);
}

TEST(LogDurability, FlushListenerHearsEveryAdvance) {
    temp_dir dir;
    durability_env env;
    auto log = env.open(dir.path(), {});
    std::vector<int64_t> heard;
    log->set_flush_listener([&](int64_t o) { heard.push_back(o); });
    ASSERT_TRUE(log->append_as_leader(make_batch(2), k_no_epoch));
    log->flush();
    env.executor.run_all();
    ASSERT_TRUE(log->append_as_leader(make_batch(3), k_no_epoch));
    log->flush();
    env.executor.run_all();
    EXPECT_EQ(heard, (std::vector<int64_t>{2, 5}));
}

TEST(LogDurability, FlushMessagesPolicy) {
    temp_dir dir;
    durability_env env;
    log_config config;
    config.fsync_before_ack = false;
    config.flush_messages = 5;
    auto log = env.open(dir.path(), config);
    bool acked = false;
    ASSERT_TRUE(log->append_as_leader(make_batch(2), k_no_epoch));
    log->wait_flushed(1, [&](status) { acked = true; });
    ASSERT_TRUE(log->append_as_leader(make_batch(2), k_no_epoch));
    EXPECT_EQ(env.executor.queued(), 0u);  // 4 messages: below flush.messages
    ASSERT_TRUE(log->append_as_leader(make_batch(1), k_no_epoch));
    EXPECT_EQ(env.executor.queued(), 1u);
    env.executor.run_all();
    EXPECT_TRUE(acked);
    EXPECT_EQ(log->flushed_offset(), 5);
}

TEST(LogDurability, FlushMsPolicy) {
    temp_dir dir;
    durability_env env;
    log_config config;
    config.fsync_before_ack = false;
    config.flush_ms = 1000;
    auto log = env.open(dir.path(), config);
    ASSERT_TRUE(log->append_as_leader(make_batch(2), k_no_epoch));
    env.clk.advance_ms(999);
    log->tick();
    EXPECT_EQ(env.executor.queued(), 0u);
    env.clk.advance_ms(1);
    log->tick();
    EXPECT_EQ(env.executor.queued(), 1u);
    env.executor.run_all();
    EXPECT_EQ(log->flushed_offset(), 2);
}

TEST(LogDurability, FailedFsyncFailsWaitersAndDropsUnflushedData) {
    temp_dir dir;
    durability_env env;
    auto log = env.open(dir.path(), {});
    ASSERT_TRUE(log->append_as_leader(make_batch(2, 0), k_no_epoch));
    log->flush();
    env.executor.run_all();
    ASSERT_EQ(log->flushed_offset(), 2);

    env.plan->fail_sync = true;
    auto r = log->append_as_leader(make_batch(3, 2), k_no_epoch);
    ASSERT_TRUE(r);
    error_code got = error_code::none;
    log->wait_flushed(r->last_offset, [&](status st) { got = st ? error_code::none : st.error(); });
    env.executor.run_all();
    EXPECT_EQ(got, error_code::kafka_storage_error);
    EXPECT_EQ(log->log_end_offset(), 2);  // nothing that might not survive is served

    env.plan->fail_sync = false;
    auto again = log->append_as_leader(make_batch(1, 9), k_no_epoch);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->base_offset, 2);
    bool ok = false;
    log->wait_flushed(again->last_offset, [&](status st) { ok = st.has_value(); });
    env.executor.run_all();
    EXPECT_TRUE(ok);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[2], (read_record{2, "k9", "v9"}));
}

TEST(LogDurability, ReadServesUnflushedTailFromMemory) {
    temp_dir dir;
    durability_env env;
    auto log = env.open(dir.path(), {});
    ASSERT_TRUE(log->append_as_leader(make_batch(2, 0), k_no_epoch));
    log->flush();
    env.executor.run_all();
    ASSERT_TRUE(log->append_as_leader(make_batch(2, 2), k_no_epoch));
    std::optional<read_result> got;
    log->read(0, 1 << 20, [&](result<read_result> r) { got = std::move(*r); });
    ASSERT_TRUE(got);
    ASSERT_EQ(got->ranges.size(), 1u);
    EXPECT_EQ(got->ranges[0].position, 0u);
    EXPECT_EQ(got->ranges[0].size_bytes, make_batch(2, 0).size_bytes());
    EXPECT_EQ(got->memory.size_bytes(), make_batch(2, 2).size_bytes());
    EXPECT_EQ(got->next_offset, 4);
    EXPECT_EQ(records_of(got->memory.linearize()).front(), (read_record{2, "k2", "v2"}));
}

TEST(LogDurability, RollMakesTheOldSegmentDurable) {
    temp_dir dir;
    durability_env env;
    log_config config;
    config.segment_bytes = 1000;
    config.fsync_before_ack = false;
    auto log = env.open(dir.path(), config);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 0, 1, 800), k_no_epoch));
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 1, 1, 800), k_no_epoch));
    EXPECT_EQ(log->flushed_offset(), 0);
    env.executor.run_all();
    EXPECT_EQ(log->flushed_offset(), 1);
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 1}));
}

TEST(LogDurability, FailedRollFailsQueuedAppendsAndReusesTheirOffsets) {
    temp_dir dir;
    durability_env env;
    log_config config;
    config.segment_bytes = 1000;
    auto log = env.open(dir.path(), config);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 0, 1, 800), k_no_epoch));
    log->flush();
    env.executor.run_all();
    ASSERT_EQ(log->flushed_offset(), 1);
    env.plan->fail_sync = true;  // the roll cannot make the old segment durable
    auto queued = log->append_as_leader(make_batch(1, 1, 1, 800), k_no_epoch);
    ASSERT_TRUE(queued);
    EXPECT_EQ(queued->base_offset, 1);
    error_code got = error_code::none;
    log->wait_flushed(queued->last_offset, [&](status st) { got = st ? error_code::none : st.error(); });
    env.executor.run_all();
    EXPECT_EQ(got, error_code::kafka_storage_error);
    EXPECT_EQ(log->log_end_offset(), 1);
    EXPECT_EQ(log->segment_count(), 1u);

    env.plan->fail_sync = false;
    auto retried = log->append_as_leader(make_batch(1, 2, 1, 800), k_no_epoch);
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->base_offset, 1);
    env.executor.run_all();
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 1}));
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].key, "k2");
}

}  // namespace

// Compaction: exact surviving keys and offsets, tombstones, dirty ratio, key map limit.
#include <gtest/gtest.h>

#include "storage/io_throttle.h"
#include "compaction_test_util.h"
#include "storage/log_cleaner.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;
using namespace sb::storage::compaction_testing;

TEST(LogCompaction, KeepsLatestPerKeyAndPreservesOffsets) {
    temp_dir dir;
    compaction_env env;
    auto log = env.open(dir.path(), env.config);
    for (auto [k, v] : std::vector<std::pair<const char*, const char*>>{
             {"a", "1"}, {"b", "1"}, {"a", "2"}, {"c", "1"}, {"b", "2"}, {"a", "3"}, {"c", "2"}, {"d", "1"}}) {
        env.put(*log, k, v);
    }
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 3, 6}));
    EXPECT_DOUBLE_EQ(log_cleaner::dirty_ratio(*log), 1.0);
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->segments_cleaned, 2u);
    EXPECT_EQ((*r)->records_removed, 3u);
    // Closed segments keep the latest of a, b and c (c@6 is in the active segment, which
    // is never compacted, so c@3 stays); the active segment is untouched.
    auto expected = rec({{3, "c", "1"}, {4, "b", "2"}, {5, "a", "3"}, {6, "c", "2"}, {7, "d", "1"}});
    EXPECT_EQ(all_records(*log, env.executor), expected);
    EXPECT_EQ(log->log_start_offset(), 0);
    EXPECT_EQ(log->log_end_offset(), 8);
    EXPECT_DOUBLE_EQ(log_cleaner::dirty_ratio(*log), 0.0);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    // Reading from a removed offset starts at the next surviving one.
    int64_t next = 0;
    auto bytes = read_bytes(*log, env.executor, 0, 1 << 20, &next);
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(records_of(bytes).front().offset, 3);
    // New appends continue at the same end; the result survives a restart.
    env.put(*log, "e", "1");
    EXPECT_EQ(log->log_end_offset(), 9);
    log.reset();
    auto reopened = env.open(dir.path(), env.config);
    expected.push_back({8, "e", "1"});
    EXPECT_EQ(all_records(*reopened, env.executor), expected);
}

TEST(LogCompaction, TombstonesLiveForDeleteRetentionMs) {
    for (bool expired : {false, true}) {
        temp_dir dir;
        compaction_env env;
        env.config.delete_retention_ms = 5'000;
        auto log = env.open(dir.path(), env.config);
        env.put(*log, "a", "1", 1'000);
        env.put(*log, "a", std::nullopt, 2'000);  // tombstone at t=2000
        env.put(*log, "b", "1", 2'000);
        env.put(*log, "x", "1", 3'000);  // active segment
        env.clk.set_ms(expired ? 7'000 : 6'999);
        auto r = env.clean(*log);
        ASSERT_TRUE(r && *r);
        auto got = all_records(*log, env.executor);
        if (expired) {
            EXPECT_EQ(got, rec({{2, "b", "1"}, {3, "x", "1"}}));
        } else {
            EXPECT_EQ(got, rec({{1, "a", nullptr}, {2, "b", "1"}, {3, "x", "1"}}));
        }
    }
}

TEST(LogCompaction, FiltersInsideCompressedBatchKeepingCodecAndLastOffsetDelta) {
    temp_dir dir;
    compaction_env env;
    env.config.segment_bytes = 1 << 20;
    auto log = env.open(dir.path(), env.config);
    auto batch = protocol::record_batch_builder(protocol::compression_codec::zstd)
                     .add(1, "a", "1")
                     .add(2, "b", "1")
                     .add(3, "a", "2")
                     .add(4, "b", "2")
                     .build()
                     .value();
    ASSERT_TRUE(log->append_as_leader(iobuf::copy_of(std::span<const uint8_t>(batch)), 1));
    env.config.segment_bytes = 1;  // the next append rolls
    log->set_config(env.config);
    env.put(*log, "z", "1");
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 4}));
    env.config.segment_bytes = 1 << 20;
    log->set_config(env.config);
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    auto bytes = read_bytes(*log, env.executor, 0, 1 << 20);
    auto view = protocol::record_batch_view::parse(bytes);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->codec(), protocol::compression_codec::zstd);
    EXPECT_EQ(view->base_offset(), 0);
    EXPECT_EQ(view->last_offset_delta(), 3);
    EXPECT_EQ(view->records_count(), 2);
    EXPECT_TRUE(view->crc_matches());
    EXPECT_EQ(records_of(bytes), rec({{2, "a", "2"}, {3, "b", "2"}}));
    EXPECT_EQ(all_records(*log, env.executor), rec({{2, "a", "2"}, {3, "b", "2"}, {4, "z", "1"}}));
}

TEST(LogCompaction, KeyMapLimitCompactsOnlyWhatFits) {
    temp_dir dir;
    compaction_env env;
    // Room for two distinct 1-byte keys (49 bytes each).
    env.limits.cleaner_dedupe_buffer_bytes = 100;
    auto log = env.open(dir.path(), env.config);
    for (auto [k, v] : std::vector<std::pair<const char*, const char*>>{
             {"a", "1"}, {"a", "2"}, {"b", "1"}, {"c", "1"}, {"a", "3"}, {"c", "2"}, {"d", "1"}}) {
        env.put(*log, k, v);
    }
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 3, 6}));
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->segments_cleaned, 1u);  // the second segment's key c did not fit
    EXPECT_EQ(all_records(*log, env.executor),
              rec({{1, "a", "2"}, {2, "b", "1"}, {3, "c", "1"}, {4, "a", "3"}, {5, "c", "2"}, {6, "d", "1"}}));
    EXPECT_GT(log_cleaner::dirty_ratio(*log), 0.0);
}

TEST(LogCompaction, DeletePolicyAndLowDirtyRatioDoNothing) {
    temp_dir dir;
    compaction_env env;
    env.config.cleanup = cleanup_policy::delete_;
    auto log = env.open(dir.path(), env.config);
    for (int i = 0; i < 7; ++i) env.put(*log, "a", "1");
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    env.config.cleanup = cleanup_policy::compact_delete;
    env.config.min_cleanable_dirty_ratio = 1.01;
    log->set_config(env.config);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
}

TEST(LogCompaction, AppendsAndReadsContinueWhileCleaning) {
    temp_dir dir;
    compaction_env env;
    auto log = env.open(dir.path(), env.config);
    for (int i = 0; i < 7; ++i) env.put(*log, "k", std::to_string(i));
    bool done = false;
    ASSERT_TRUE(log_cleaner::maybe_clean(*log, [&](result<cleaning_result> r) { done = r.has_value(); }));
    ASSERT_TRUE(log->append_as_leader(one_record("k", "7"), 1));  // before the cleaner ran
    EXPECT_EQ(log->log_end_offset(), 8);
    env.executor.run_all();
    EXPECT_TRUE(done);
    EXPECT_EQ(all_records(*log, env.executor), rec({{5, "k", "5"}, {6, "k", "6"}, {7, "k", "7"}}));
}

TEST(LogCompaction, IdempotentBatchKeepsItsHeaderWhenAllRecordsGo) {
    temp_dir dir;
    compaction_env env;
    auto log = env.open(dir.path(), env.config);
    auto idempotent = protocol::record_batch_builder().set_producer(42, 3, 7).add(1'000, "a", "1").build().value();
    ASSERT_TRUE(log->append_as_leader(iobuf::copy_of(std::span<const uint8_t>(idempotent)), 1));
    env.put(*log, "a", "2");
    env.put(*log, "b", "1");
    env.put(*log, "x", "1");  // active segment
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    auto bytes = read_bytes(*log, env.executor, 0, 1 << 20);
    auto view = protocol::record_batch_view::parse(bytes);
    ASSERT_TRUE(view);
    // The producer's last sequence stays known: an empty batch with its header.
    EXPECT_EQ(view->base_offset(), 0);
    EXPECT_EQ(view->records_count(), 0);
    EXPECT_EQ(view->last_offset_delta(), 0);
    EXPECT_EQ(view->producer_id(), 42);
    EXPECT_EQ(view->producer_epoch(), 3);
    EXPECT_EQ(view->base_sequence(), 7);
    EXPECT_TRUE(view->crc_matches());
    EXPECT_EQ(all_records(*log, env.executor), rec({{1, "a", "2"}, {2, "b", "1"}, {3, "x", "1"}}));
}

TEST(LogCompaction, CheckpointSurvivesRestart) {
    temp_dir dir;
    compaction_env env;
    {
        auto log = env.open(dir.path(), env.config);
        for (int i = 0; i < 7; ++i) env.put(*log, "k", std::to_string(i));
        ASSERT_TRUE(env.clean(*log));
        EXPECT_DOUBLE_EQ(log_cleaner::dirty_ratio(*log), 0.0);
    }
    auto log = env.open(dir.path(), env.config);
    EXPECT_DOUBLE_EQ(log_cleaner::dirty_ratio(*log), 0.0);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
}

TEST(IoThrottle, SleepsToKeepTheRate) {
    int64_t now_ns = 0;
    int64_t slept_ns = 0;
    io_throttle t(1000, [&] { return now_ns; }, [&](int64_t ns) { slept_ns += ns; now_ns += ns; });
    t.account(500);
    EXPECT_EQ(slept_ns, 500'000'000);
    now_ns += 2'000'000'000;  // idle time is credit
    t.account(1000);
    EXPECT_EQ(slept_ns, 500'000'000);
    t.account(2000);
    EXPECT_EQ(slept_ns, 500'000'000 + (3'500'000'000 - 2'500'000'000));
    EXPECT_EQ(t.total_bytes(), 3500u);
}

}  // namespace

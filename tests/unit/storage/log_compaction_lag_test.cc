// min.compaction.lag.ms and max.compaction.lag.ms: which segments the cleaner may clean and
// when it must, driven by the log's manual clock (no sleeping).
#include <gtest/gtest.h>

#include "compaction_test_util.h"
#include "storage/log_cleaner.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;
using namespace sb::storage::compaction_testing;

constexpr int64_t k_minute_ms = 60'000;

TEST(LogCompactionLag, SegmentYoungerThanMinLagWaitsUntilTheClockPassesIt) {
    temp_dir dir;
    compaction_env env;
    env.config.min_compaction_lag_ms = k_minute_ms;
    auto log = env.open(dir.path(), env.config);
    const int64_t t = env.clk.now_ms();
    // Segment 0 is two minutes old, segment 3 is written now, segment 6 is the active one.
    env.put(*log, "a", "1", t - 2 * k_minute_ms);
    env.put(*log, "b", "1", t - 2 * k_minute_ms);
    env.put(*log, "a", "2", t - 2 * k_minute_ms);
    env.put(*log, "c", "1", t);
    env.put(*log, "b", "2", t);
    env.put(*log, "a", "3", t);
    env.put(*log, "c", "2", t);
    env.put(*log, "d", "1", t);
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 3, 6}));
    auto all = rec({{0, "a", "1"}, {1, "b", "1"}, {2, "a", "2"}, {3, "c", "1"}, {4, "b", "2"}, {5, "a", "3"},
                    {6, "c", "2"}, {7, "d", "1"}});
    EXPECT_EQ(log_cleaner::cleanable(*log, t).first_uncleanable_offset, 3);

    // Only segment 0 is old enough: its keys alone decide, a@0 goes.
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->segments_cleaned, 1u);
    EXPECT_EQ((*r)->records_removed, 1u);
    all.erase(all.begin());
    EXPECT_EQ(all_records(*log, env.executor), all);

    // Segment 3 stays whole while its newest record is younger than the lag...
    env.clk.set_ms(t + k_minute_ms - 1);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    EXPECT_EQ(all_records(*log, env.executor), all);
    // ... and is cleaned once it is exactly the lag old (Kafka: uncleanable while newer).
    env.clk.set_ms(t + k_minute_ms);
    r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->segments_cleaned, 2u);
    EXPECT_EQ(all_records(*log, env.executor),
              rec({{3, "c", "1"}, {4, "b", "2"}, {5, "a", "3"}, {6, "c", "2"}, {7, "d", "1"}}));
}

TEST(LogCompactionLag, MaxLagCleansBelowTheDirtyRatio) {
    temp_dir dir;
    compaction_env env;
    env.config.min_cleanable_dirty_ratio = 0.9;
    env.config.max_compaction_lag_ms = k_minute_ms;
    auto log = env.open(dir.path(), env.config);
    const int64_t t = env.clk.now_ms();
    for (const char* k : {"a", "b", "c", "d", "e", "f"}) env.put(*log, k, "1", t);
    env.put(*log, "g", "1", t);  // active
    // Everything dirty (ratio 1): the first pass cleans and removes nothing.
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->records_removed, 0u);
    env.put(*log, "a", "2", t);
    env.put(*log, "b", "2", t);
    env.put(*log, "c", "2", t);  // rolls: segment 6 (g, a, b) is closed and dirty
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 3, 6, 9}));
    auto all = rec({{0, "a", "1"}, {1, "b", "1"}, {2, "c", "1"}, {3, "d", "1"}, {4, "e", "1"}, {5, "f", "1"},
                    {6, "g", "1"}, {7, "a", "2"}, {8, "b", "2"}, {9, "c", "2"}});
    EXPECT_NEAR(log_cleaner::dirty_ratio(*log), 1.0 / 3.0, 1e-9);

    // Below the ratio and within the max lag: nothing to do.
    env.clk.set_ms(t + k_minute_ms);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    EXPECT_EQ(all_records(*log, env.executor), all);
    // The dirty segment's first record is now older than the max lag: cleaned regardless.
    env.clk.set_ms(t + k_minute_ms + 1);
    EXPECT_TRUE(log_cleaner::cleanable(*log, env.clk.now_ms()).past_max_lag);
    r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->records_removed, 2u);
    EXPECT_EQ(all_records(*log, env.executor), rec({{2, "c", "1"}, {3, "d", "1"}, {4, "e", "1"}, {5, "f", "1"},
                                                    {6, "g", "1"}, {7, "a", "2"}, {8, "b", "2"}, {9, "c", "2"}}));
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
}

TEST(LogCompactionLag, ActiveSegmentRolledByTheMaxLag) {
    temp_dir dir;
    compaction_env env;
    env.config.segment_bytes = 1 << 20;
    env.config.max_compaction_lag_ms = k_minute_ms;
    auto log = env.open(dir.path(), env.config);
    const int64_t t = env.clk.now_ms();
    env.put(*log, "a", "1", t);
    env.clk.set_ms(t + k_minute_ms - 1);
    env.put(*log, "a", "2", env.clk.now_ms());
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0}));
    env.clk.set_ms(t + k_minute_ms);
    env.put(*log, "a", "3", env.clk.now_ms());
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 2}));
    // Once closed, the segment reaches the cleaner: compacted by its own keys (the active
    // segment never is).
    env.clk.advance_ms(1);
    EXPECT_TRUE(log_cleaner::cleanable(*log, env.clk.now_ms()).past_max_lag);
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(all_records(*log, env.executor), rec({{1, "a", "2"}, {2, "a", "3"}}));

    // With cleanup.policy=delete the max lag does not roll: only segment.ms does.
    temp_dir other;
    env.config.cleanup = cleanup_policy::delete_;
    auto plain = env.open(other.path(), env.config);
    env.put(*plain, "a", "1", env.clk.now_ms());
    env.clk.advance_ms(k_minute_ms);
    env.put(*plain, "a", "2", env.clk.now_ms());
    EXPECT_EQ(plain->segment_base_offsets(), (std::vector<int64_t>{0}));
}

TEST(LogCompactionLag, ConfigChangeTakesEffectOnTheNextPass) {
    temp_dir dir;
    compaction_env env;
    env.config.min_compaction_lag_ms = 3600 * 1000;
    auto log = env.open(dir.path(), env.config);
    const int64_t t = env.clk.now_ms();
    for (int i = 0; i < 7; ++i) env.put(*log, "k", std::to_string(i), t);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    EXPECT_EQ(all_records(*log, env.executor).size(), 7u);
    // As partition::set_config does when AlterConfigs changes the topic.
    env.config.min_compaction_lag_ms = 0;
    log->set_config(env.config);
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(all_records(*log, env.executor), rec({{5, "k", "5"}, {6, "k", "6"}}));
    // And back: new segments wait again.
    env.config.min_compaction_lag_ms = 3600 * 1000;
    log->set_config(env.config);
    for (int i = 7; i < 10; ++i) env.put(*log, "k", std::to_string(i), t);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
}

TEST(LogCompactionLag, AfterRestartTheMaxLagOfUnreadSegmentsCountsFromTheOpen) {
    temp_dir dir;
    compaction_env env;
    env.config.min_cleanable_dirty_ratio = 0.9;
    env.config.max_compaction_lag_ms = 10 * k_minute_ms;
    env.config.min_compaction_lag_ms = k_minute_ms;
    const int64_t t = env.clk.now_ms();
    {
        auto log = env.open(dir.path(), env.config);
        for (const char* k : {"a", "b", "c", "d", "e", "f"}) env.put(*log, k, "1", t);
        env.put(*log, "g", "1", t);
        env.clk.set_ms(t + k_minute_ms);
        ASSERT_TRUE(env.clean(*log));
        env.put(*log, "a", "2", t);
        env.put(*log, "b", "2", t);
        env.put(*log, "c", "2", t);
    }
    // Reopened an hour later: the open reads segment 6's largest timestamp (from its time
    // index), not its first batch.
    const int64_t opened = t + 60 * k_minute_ms;
    env.clk.set_ms(opened);
    auto log = env.open(dir.path(), env.config);
    ASSERT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 3, 6, 9}));
    auto all = rec({{0, "a", "1"}, {1, "b", "1"}, {2, "c", "1"}, {3, "d", "1"}, {4, "e", "1"}, {5, "f", "1"},
                    {6, "g", "1"}, {7, "a", "2"}, {8, "b", "2"}, {9, "c", "2"}});
    EXPECT_EQ(all_records(*log, env.executor), all);
    EXPECT_EQ(log_cleaner::cleanable(*log, opened).first_uncleanable_offset, 9);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    env.clk.set_ms(opened + 10 * k_minute_ms);
    EXPECT_FALSE(log_cleaner::maybe_clean(*log, [](result<cleaning_result>) {}));
    // max.compaction.lag.ms after the open, below the ratio: compacted.
    env.clk.set_ms(opened + 10 * k_minute_ms + 1);
    auto r = env.clean(*log);
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->records_removed, 2u);
    all.erase(all.begin(), all.begin() + 2);
    EXPECT_EQ(all_records(*log, env.executor), all);
}

}  // namespace

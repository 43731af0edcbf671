#include "storage/partition_log.h"

#include <gtest/gtest.h>

#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

TEST(PartitionLog, EmptyLogStartsAtZero) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    EXPECT_EQ(log->log_start_offset(), 0);
    EXPECT_EQ(log->log_end_offset(), 0);
    EXPECT_EQ(log->segment_base_offsets(), std::vector<int64_t>{0});
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/00000000000000000000.log"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/00000000000000000000.index"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/00000000000000000000.timeindex"));
}

TEST(PartitionLog, LeaderAppendAssignsOffsetsAndPatchesHeader) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    auto a = log->append_as_leader(make_batch(3, 0), 7);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->base_offset, 0);
    EXPECT_EQ(a->last_offset, 2);
    auto b = log->append_as_leader(make_batch(2, 3), 7);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->base_offset, 3);
    EXPECT_EQ(b->last_offset, 4);
    EXPECT_EQ(log->log_end_offset(), 5);

    auto bytes = read_bytes(*log, env.executor, 0, 1 << 20);
    auto view = protocol::record_batch_view::parse(bytes);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->base_offset(), 0);
    EXPECT_EQ(view->partition_leader_epoch(), 7);
    EXPECT_TRUE(view->crc_matches());
    auto records = records_of(bytes);
    ASSERT_EQ(records.size(), 5u);
    EXPECT_EQ(records[3], (read_record{3, "k3", "v3"}));
    EXPECT_EQ(records[4], (read_record{4, "k4", "v4"}));
}

TEST(PartitionLog, ReadStartsAtTheBatchHoldingTheOffset) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(log->append_as_leader(make_batch(4, i * 4), 1));
    int64_t next = 0;
    auto bytes = read_bytes(*log, env.executor, 13, 1 << 20, &next);
    auto records = records_of(bytes);
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.front().offset, 12);  // the batch [12, 15] holds 13
    EXPECT_EQ(records.back().offset, 39);
    EXPECT_EQ(next, 40);
}

TEST(PartitionLog, ReadReturnsAtLeastOneBatchAndRespectsMaxBytes) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(log->append_as_leader(make_batch(1, i, 1000, 500), 1));
    int64_t next = 0;
    auto one = read_bytes(*log, env.executor, 0, 10, &next);
    EXPECT_EQ(records_of(one).size(), 1u);
    EXPECT_EQ(next, 1);
    std::size_t batch_bytes = one.size();
    auto two = read_bytes(*log, env.executor, 1, 2 * batch_bytes + 1, &next);
    EXPECT_EQ(records_of(two).size(), 2u);
    EXPECT_EQ(next, 3);
}

TEST(PartitionLog, ReadOutOfRangeAndAtEnd) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    ASSERT_TRUE(log->append_as_leader(make_batch(2), 1));
    error_code err = error_code::none;
    log->read(3, 100, [&](result<read_result> r) { err = r ? error_code::none : r.error(); });
    EXPECT_EQ(err, error_code::offset_out_of_range);
    int64_t next = -1;
    auto bytes = read_bytes(*log, env.executor, 2, 100, &next);
    EXPECT_TRUE(bytes.empty());
    EXPECT_EQ(next, 2);
}

TEST(PartitionLog, RollsAtSegmentBytesAndReadsAcrossSegments) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 4096;
    auto log = env.open(dir.path(), config);
    for (int i = 0; i < 40; ++i) {
        ASSERT_TRUE(log->append_as_leader(make_batch(2, i * 2, 1000, 200), 1));
        env.executor.run_all();
    }
    std::size_t batch_bytes = make_batch(2, 0, 1000, 200).size_bytes();
    std::size_t per_segment = 4096 / batch_bytes;
    EXPECT_EQ(log->segment_count(), (40 + per_segment - 1) / per_segment);
    auto bases = log->segment_base_offsets();
    EXPECT_EQ(bases.front(), 0);
    for (auto b : bases) {
        EXPECT_TRUE(std::filesystem::exists(dir.path() + "/" + offset_file_stem(b) + ".log"));
        EXPECT_EQ(b % 2, 0);  // segments start at batch boundaries
    }
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 80u);
    for (int i = 0; i < 80; ++i) EXPECT_EQ(records[i].offset, i);
    // Every segment but the active one is at most segment.bytes.
    for (auto b : bases) {
        auto size = std::filesystem::file_size(dir.path() + "/" + offset_file_stem(b) + ".log");
        EXPECT_LE(size, 4096u);
    }
}

TEST(PartitionLog, AppendsQueueWhileTheNewSegmentIsCreated) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 1000;
    auto log = env.open(dir.path(), config);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 0, 1000, 900), 1));
    // This one needs a new segment: it gets its offset now and is written later.
    auto r = log->append_as_leader(make_batch(1, 1, 1000, 900), 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->base_offset, 1);
    auto r2 = log->append_as_leader(make_batch(1, 2, 1000, 10), 1);
    ASSERT_TRUE(r2);
    EXPECT_EQ(r2->base_offset, 2);
    EXPECT_EQ(log->log_end_offset(), 3);
    EXPECT_EQ(log->segment_count(), 1u);
    bool empty = false;
    log->read(1, 1 << 20, [&](result<read_result> rr) { empty = rr && rr->size_bytes == 0; });
    EXPECT_TRUE(empty);  // offset 1 is assigned but not written yet
    env.executor.run_all();
    // 900-byte values do not share a 1000-byte segment: each batch got its own.
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 1, 2}));
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[2].key, "k2");
}

TEST(PartitionLog, FollowerAppendKeepsOffsetsAndRejectsOverlap) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    auto bytes = protocol::record_batch_builder(protocol::compression_codec::none, 10)
                     .set_partition_leader_epoch(3)
                     .add(5, "a", "1")
                     .add(6, "b", "2")
                     .build()
                     .value();
    auto r = log->append_at(iobuf::copy_of(std::span<const uint8_t>(bytes)));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->base_offset, 10);
    EXPECT_EQ(log->log_end_offset(), 12);
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{3, 10}}));
    auto again = log->append_at(iobuf::copy_of(std::span<const uint8_t>(bytes)));
    EXPECT_EQ(again.error(), error_code::offset_out_of_range);
    bytes[70] ^= 1;
    auto corrupt = protocol::record_batch_builder(protocol::compression_codec::none, 12).add(5, "a", "1").build().value();
    corrupt[corrupt.size() - 1] ^= 1;
    EXPECT_EQ(log->append_at(iobuf::copy_of(std::span<const uint8_t>(corrupt))).error(), error_code::corrupt_message);
}

TEST(PartitionLog, LeaderEpochCacheTracksEpochStarts) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    ASSERT_TRUE(log->append_as_leader(make_batch(2), 1));
    ASSERT_TRUE(log->append_as_leader(make_batch(2), 1));
    ASSERT_TRUE(log->append_as_leader(make_batch(3), 4));
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{1, 0}, {4, 4}}));
    EXPECT_EQ(log->end_offset_for_epoch(1), (epoch_end_offset{1, 4}));
    EXPECT_EQ(log->end_offset_for_epoch(3), (epoch_end_offset{1, 4}));
    EXPECT_EQ(log->end_offset_for_epoch(4), (epoch_end_offset{4, 7}));
    EXPECT_EQ(log->end_offset_for_epoch(0), (epoch_end_offset{-1, -1}));
}

TEST(PartitionLog, LogAppendTimeIsStamped) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.message_timestamp_type = timestamp_type::log_append_time;
    auto log = env.open(dir.path(), config);
    auto r = log->append_as_leader(make_batch(2, 0, 5), 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->log_append_time_ms, env.clk.now_ms());
    auto bytes = read_bytes(*log, env.executor, 0, 1 << 20);
    protocol::record_batch_view view(bytes);
    EXPECT_TRUE(view.has_log_append_time());
    EXPECT_EQ(view.max_timestamp(), env.clk.now_ms());
    EXPECT_TRUE(view.crc_matches());
}

TEST(PartitionLog, MessageTooLarge) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.max_message_bytes = 200;
    auto log = env.open(dir.path(), config);
    EXPECT_EQ(log->append_as_leader(make_batch(1, 0, 1, 300), 1).error(), error_code::message_too_large);
    EXPECT_EQ(log->log_end_offset(), 0);
}

}  // namespace

namespace {

TEST(PartitionLog, ReadsClosedSegmentsThroughABoundedFileCache) {
    temp_dir dir;
    sb::storage::testing::log_env env;
    sb::storage::open_segment_cache small_cache(2, env.executor);
    sb::storage::log_config config;
    config.segment_bytes = 2048;
    auto deps = env.deps();
    deps.cache = &small_cache;
    std::unique_ptr<sb::storage::partition_log> log;
    {
        auto opened = sb::storage::partition_log::open(dir.path(), config, deps);
        ASSERT_TRUE(opened);
        log = std::move(*opened);
    }
    for (int i = 0; i < 40; ++i) {
        ASSERT_TRUE(log->append_as_leader(make_batch(2, i * 2, 1000, 150), 1));
        env.executor.run_all();
    }
    ASSERT_GE(log->segment_count(), 8u);
    EXPECT_LE(small_cache.size(), 2u);
    log.reset();  // reopen: closed segments start with no open files
    auto opened = sb::storage::partition_log::open(dir.path(), config, deps);
    ASSERT_TRUE(opened);
    log = std::move(*opened);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 80u);
    for (int i = 0; i < 80; ++i) EXPECT_EQ(records[i].offset, i);
    EXPECT_EQ(small_cache.size(), 2u);
}

}  // namespace

namespace {

TEST(PartitionLog, RollsAtSegmentMs) {
    temp_dir dir;
    sb::storage::testing::log_env env;
    sb::storage::log_config config;
    config.segment_ms = 1000;
    auto log = env.open(dir.path(), config);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 0), 1));
    env.clk.advance_ms(999);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 1), 1));
    env.executor.run_all();
    EXPECT_EQ(log->segment_count(), 1u);
    env.clk.advance_ms(1);
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 2), 1));
    env.executor.run_all();
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 2}));
}

TEST(PartitionLog, RollsWhenTheOffsetIndexIsFull) {
    temp_dir dir;
    sb::storage::testing::log_env env;
    sb::storage::log_config config;
    config.segment_index_bytes = 24;  // three offset index entries (two time index entries)
    config.index_interval_bytes = 1;  // an entry for every batch after the first
    auto log = env.open(dir.path(), config);
    for (int i = 0; i < 7; ++i) {
        ASSERT_TRUE(log->append_as_leader(make_batch(1, i), 1));
        env.executor.run_all();
    }
    // Batch 0 needs no entry; batches 1 to 3 fill the index; batch 4 starts a segment.
    // (All batches share one timestamp, so the time index never grows past one entry.)
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{0, 4}));
    EXPECT_EQ(std::filesystem::file_size(dir.path() + "/00000000000000000000.index"), 24u);
    EXPECT_EQ(all_records(*log, env.executor).size(), 7u);
}

}  // namespace

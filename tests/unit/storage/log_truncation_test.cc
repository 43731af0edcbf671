// truncate_to, DeleteRecords, retention and ListOffsets by timestamp.
#include <gtest/gtest.h>

#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

status truncate(partition_log& log, manual_executor& ex, int64_t offset) {
    std::optional<status> got;
    log.truncate_to(offset, [&](status st) { got = st; });
    ex.run_all();
    EXPECT_TRUE(got.has_value());
    return got.value_or(unexpected(error_code::unknown_server_error));
}

// `batches` batches of 2 records: offsets 2i, 2i+1 with timestamp base_ts + 10 i.
void fill(partition_log& log, manual_executor& ex, int batches, int64_t base_ts = 1000, int32_t epoch = 1) {
    for (int i = 0; i < batches; ++i) {
        ASSERT_TRUE(log.append_as_leader(make_batch(2, i * 2, base_ts + 10 * i, 150), epoch));
        ex.run_all();
    }
}

// 2 KiB segments: 30 batches of fill() make about ten of them.
log_config small_segments() {
    log_config config;
    config.segment_bytes = 2048;
    return config;
}

TEST(LogTruncation, TruncateWithinActiveSegment) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    fill(*log, env.executor, 5, 1000, 1);
    fill(*log, env.executor, 5, 2000, 2);
    ASSERT_TRUE(truncate(*log, env.executor, 13));  // inside batch [12, 13]: the batch goes
    EXPECT_EQ(log->log_end_offset(), 12);
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{1, 0}, {2, 10}}));
    ASSERT_TRUE(truncate(*log, env.executor, 10));
    EXPECT_EQ(log->log_end_offset(), 10);
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{1, 0}}));
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 10u);
    auto r = log->append_as_leader(make_batch(1, 77), 3);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->base_offset, 10);
    EXPECT_EQ(all_records(*log, env.executor).back(), (read_record{10, "k77", "v77"}));
}

TEST(LogTruncation, TruncateIntoAnOlderSegmentDeletesLaterOnes) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30);
    auto bases = log->segment_base_offsets();
    ASSERT_GE(bases.size(), 4u);
    int64_t cut = bases[1] + 2;  // a batch boundary inside the second segment
    ASSERT_TRUE(truncate(*log, env.executor, cut));
    EXPECT_EQ(log->log_end_offset(), cut);
    EXPECT_EQ(log->segment_base_offsets(), (std::vector<int64_t>{bases[0], bases[1]}));
    for (std::size_t i = 2; i < bases.size(); ++i) {
        EXPECT_FALSE(std::filesystem::exists(segment_path(dir.path(), bases[i], k_log_suffix)));
    }
    auto r = log->append_as_leader(make_batch(2, 500), 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->base_offset, cut);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), static_cast<std::size_t>(cut + 2));
    EXPECT_EQ(records.back().key, "k501");
    // And it survives a restart.
    log.reset();
    auto reopened = env.open(dir.path(), config);
    EXPECT_EQ(reopened->log_end_offset(), cut + 2);
}

TEST(LogTruncation, FollowerAppendsQueueWhileTruncationOpensAnOlderSegment) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30);
    int64_t cut = log->segment_base_offsets()[1] + 2;
    log.reset();  // reopened, the older segments have no open files
    log = env.open(dir.path(), config);
    std::optional<status> truncated;
    log->truncate_to(cut, [&](status st) { truncated = st; });
    EXPECT_FALSE(truncated.has_value());  // waiting for the segment's files
    auto bytes = protocol::record_batch_builder(protocol::compression_codec::none, cut)
                     .set_partition_leader_epoch(2)
                     .add(1, "f", "1")
                     .build()
                     .value();
    ASSERT_TRUE(log->append_at(iobuf::copy_of(std::span<const uint8_t>(bytes))));
    bool durable = false;
    log->wait_flushed(cut, [&](status st) { durable = st.has_value(); });
    env.executor.run_all();
    ASSERT_TRUE(truncated && *truncated);
    EXPECT_TRUE(durable);
    EXPECT_EQ(log->log_end_offset(), cut + 1);
    EXPECT_EQ(log->flushed_offset(), cut + 1);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), static_cast<std::size_t>(cut + 1));
    EXPECT_EQ(records.back(), (read_record{cut, "f", "1"}));
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{1, 0}, {2, cut}}));
}

TEST(LogTruncation, TruncateBelowStartIsRefused) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    fill(*log, env.executor, 3);
    ASSERT_TRUE(log->delete_records(4));
    EXPECT_EQ(truncate(*log, env.executor, 2).error(), error_code::offset_out_of_range);
}

TEST(LogTruncation, DeleteRecordsMovesStartAndDeletesWholeSegments) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30);
    auto bases = log->segment_base_offsets();
    ASSERT_GE(bases.size(), 4u);
    int64_t start = bases[2] + 1;
    ASSERT_TRUE(log->delete_records(start));
    env.executor.run_all();
    EXPECT_EQ(log->log_start_offset(), start);
    EXPECT_EQ(log->segment_base_offsets().front(), bases[2]);
    EXPECT_FALSE(std::filesystem::exists(segment_path(dir.path(), bases[0], k_log_suffix)));
    EXPECT_FALSE(std::filesystem::exists(segment_path(dir.path(), bases[1], k_log_suffix)));
    error_code err = error_code::none;
    log->read(start - 1, 100, [&](result<read_result> r) { err = r ? error_code::none : r.error(); });
    EXPECT_EQ(err, error_code::offset_out_of_range);
    EXPECT_EQ(all_records(*log, env.executor).front().offset, start);
    EXPECT_EQ(log->delete_records(log->log_end_offset() + 1).error(), error_code::offset_out_of_range);
    // The start offset is durable.
    log.reset();
    auto reopened = env.open(dir.path(), config);
    EXPECT_EQ(reopened->log_start_offset(), start);
}

TEST(LogRetention, RetentionBytesDeletesOldestWholeSegments) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    config.retention_ms = -1;
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30);
    auto bases = log->segment_base_offsets();
    uint64_t total = log->size_bytes();
    uint64_t first_two = 0;
    for (int i = 0; i < 2; ++i) {
        first_two += std::filesystem::file_size(segment_path(dir.path(), bases[i], k_log_suffix));
    }
    config.retention_bytes = static_cast<int64_t>(total - first_two);
    log->set_config(config);
    EXPECT_EQ(log->apply_retention(), 2u);
    env.executor.run_all();
    EXPECT_EQ(log->log_start_offset(), bases[2]);
    EXPECT_EQ(log->size_bytes(), total - first_two);
    EXPECT_EQ(log->apply_retention(), 0u);
}

TEST(LogRetention, RetentionMsDeletesSegmentsOlderThanTheLimit) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    config.retention_ms = 1000;
    auto log = env.open(dir.path(), config);
    env.clk.set_ms(100'000);
    fill(*log, env.executor, 30, 50'000);  // timestamps 50000 + 10 i
    auto bases = log->segment_base_offsets();
    // The first segment's newest record is the second of its last batch: 50000 + 10 i + 1.
    int64_t last_batch_of_first = (bases[1] - 2) / 2;
    env.clk.set_ms(50'000 + 10 * last_batch_of_first + 1 + 1000);
    EXPECT_EQ(log->apply_retention(), 0u);  // exactly at the limit: kept
    env.clk.advance_ms(1);
    EXPECT_EQ(log->apply_retention(), 1u);
    EXPECT_EQ(log->log_start_offset(), bases[1]);
    env.clk.set_ms(1'000'000);
    EXPECT_EQ(log->apply_retention(), bases.size() - 2);  // all the rest but the active segment
    EXPECT_EQ(log->segment_count(), 1u);
    EXPECT_EQ(log->log_start_offset(), bases.back());
}

TEST(LogRetention, CompactOnlyTopicsIgnoreTimeAndSize) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    config.retention_ms = 1;
    config.retention_bytes = 1;
    config.cleanup = cleanup_policy::compact;
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30);
    env.clk.advance_ms(1'000'000'000);
    EXPECT_EQ(log->apply_retention(), 0u);
}

std::optional<found_timestamp> find(partition_log& log, manual_executor& ex, int64_t ts) {
    std::optional<found_timestamp> out;
    bool called = false;
    log.find_offset_by_timestamp(ts, [&](result<std::optional<found_timestamp>> r) {
        called = true;
        ASSERT_TRUE(r);
        out = *r;
    });
    ex.run_all();
    EXPECT_TRUE(called);
    return out;
}

TEST(LogTimestamps, FindOffsetByTimestampAcrossSegments) {
    temp_dir dir;
    log_env env;
    log_config config = small_segments();
    config.index_interval_bytes = 256;
    auto log = env.open(dir.path(), config);
    fill(*log, env.executor, 30, 1000);  // record 2i at 1000+10i, 2i+1 at 1001+10i
    auto exact = find(*log, env.executor, 1000 + 10 * 17 + 1);
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->offset, 35);
    EXPECT_EQ(exact->timestamp_ms, 1171);
    auto between = find(*log, env.executor, 1000 + 10 * 20 + 5);  // after 1201, before 1210
    ASSERT_TRUE(between);
    EXPECT_EQ(between->offset, 42);
    EXPECT_EQ(between->timestamp_ms, 1210);
    auto first = find(*log, env.executor, 0);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->offset, 0);
    EXPECT_FALSE(find(*log, env.executor, 5000).has_value());
}

}  // namespace

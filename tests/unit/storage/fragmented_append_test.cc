// Appends of batches that arrive in pieces or as a slice of a larger request buffer: the
// log writes them without copying the records (stamped header + shared records), and
// every byte must read back exactly - from memory, from the files, across segment rolls
// and after recovery - while the buffer they came from is never written to.
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "protocol/record_batch.h"
#include "storage/partition_log.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

// `bytes` cut before each position in `cuts` (ascending), each piece in a buffer of its own.
iobuf in_pieces(std::span<const uint8_t> bytes, const std::vector<std::size_t>& cuts) {
    iobuf out;
    std::size_t from = 0;
    for (std::size_t i = 0; i <= cuts.size(); ++i) {
        const std::size_t to = i < cuts.size() ? cuts[i] : bytes.size();
        out.append(iobuf::copy_of(bytes.subspan(from, to - from)));
        from = to;
    }
    EXPECT_EQ(out.fragments().size(), cuts.size() + 1);
    return out;
}

// A request-like buffer: `before` bytes of 0xAB, the batch, `after` bytes of 0xCD.
iobuf frame_around(std::span<const uint8_t> batch, std::size_t before, std::size_t after) {
    iobuf frame = iobuf::allocate(before + batch.size() + after);
    uint8_t* p = frame.writable_data();
    std::memset(p, 0xAB, before);
    std::memcpy(p + before, batch.data(), batch.size());
    std::memset(p + before + batch.size(), 0xCD, after);
    return frame;
}

// The batch as the log must store it: baseOffset and partitionLeaderEpoch patched (both
// outside the CRC), nothing else changed.
std::vector<uint8_t> as_stored(std::vector<uint8_t> batch, int64_t base_offset, int32_t epoch) {
    protocol::patch_base_offset(batch, base_offset);
    protocol::patch_partition_leader_epoch(batch, epoch);
    return batch;
}

// Every byte the log serves from its start, segment after segment.
std::vector<uint8_t> whole_log(partition_log& log, manual_executor& ex) {
    std::vector<uint8_t> out;
    int64_t offset = log.log_start_offset();
    while (offset < log.log_end_offset()) {
        int64_t next = offset;
        auto bytes = read_bytes(log, ex, offset, 1 << 20, &next);
        EXPECT_GT(next, offset);
        if (next == offset) break;
        out.insert(out.end(), bytes.begin(), bytes.end());
        offset = next;
    }
    return out;
}

// The cut positions used for batch i: inside the header, at its end, inside the records.
std::vector<std::size_t> cuts_for(int i, std::size_t size) {
    switch (i % 5) {
    case 0: return {};                                   // one piece
    case 1: return {1, 12, 17, 21, 60};                  // the header in pieces
    case 2: return {protocol::batch_layout::header_size_bytes};
    case 3: return {30, size / 2, size - 1};             // across the header and the records
    default: return {size / 3, 2 * size / 3};
    }
}

TEST(FragmentedAppend, EveryByteReadsBackAcrossRollsAndRecovery) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 4096;
    std::vector<uint8_t> expected;
    std::vector<iobuf> frames;  // kept to check that they were not written to
    std::vector<std::vector<uint8_t>> frame_copies;
    {
        auto log = env.open(dir.path(), config);
        int64_t next = 0;
        for (int i = 0; i < 60; ++i) {
            iobuf original = make_batch(1 + i % 4, static_cast<int>(next), 1000 + i, 50 + (i * 37) % 400);
            std::vector<uint8_t> bytes = original.linearize();
            iobuf batch;
            if (i % 3 == 0) {
                iobuf frame = frame_around(bytes, 40 + i, 100);
                batch = frame.share(40 + i, bytes.size());
                frame_copies.push_back(frame.linearize());
                frames.push_back(std::move(frame));
            } else {
                batch = in_pieces(bytes, cuts_for(i, bytes.size()));
            }
            auto r = log->append_as_leader(std::move(batch), 3 + i % 2);
            ASSERT_TRUE(r) << error_name(r.error());
            ASSERT_EQ(r->base_offset, next);
            const auto stored = as_stored(bytes, next, 3 + i % 2);
            expected.insert(expected.end(), stored.begin(), stored.end());
            next = r->last_offset + 1;
            if (i % 7 == 0) env.executor.run_all();  // some appends queue during a roll
        }
        env.executor.run_all();
        EXPECT_GT(log->segment_count(), 5u);
        EXPECT_EQ(whole_log(*log, env.executor), expected);
        for (std::size_t f = 0; f < frames.size(); ++f) EXPECT_EQ(frames[f].linearize(), frame_copies[f]);
    }  // destroyed without close: recovery scans the unflushed tail
    auto log = env.open(dir.path(), config);
    EXPECT_FALSE(log->recovered_cleanly());
    EXPECT_EQ(whole_log(*log, env.executor), expected);
    auto records = all_records(*log, env.executor);
    ASSERT_FALSE(records.empty());
    for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].offset, static_cast<int64_t>(i));
}

TEST(FragmentedAppend, ServedFromMemoryAndFromTheFileAlike) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    std::vector<uint8_t> expected;
    for (int i = 0; i < 10; ++i) {
        std::vector<uint8_t> bytes = make_batch(3, i * 3, 1000, 300).linearize();
        ASSERT_TRUE(log->append_as_leader(in_pieces(bytes, cuts_for(i, bytes.size())), 1));
        const auto stored = as_stored(bytes, i * 3, 1);
        expected.insert(expected.end(), stored.begin(), stored.end());
    }
    EXPECT_GT(log->memory_tail_bytes(), 0u);
    EXPECT_EQ(whole_log(*log, env.executor), expected);  // the memory tail
    log->flush();
    env.executor.run_all();
    EXPECT_EQ(log->memory_tail_bytes(), 0u);
    EXPECT_EQ(whole_log(*log, env.executor), expected);  // the file
}

TEST(FragmentedAppend, LogAppendTimeRestampsAFragmentedBatch) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.message_timestamp_type = timestamp_type::log_append_time;
    auto log = env.open(dir.path(), config);
    std::vector<uint8_t> bytes = make_batch(4, 0, 5, 200).linearize();
    ASSERT_TRUE(log->append_as_leader(in_pieces(bytes, {10, 40, 61, 300}), 2));
    auto stored = read_bytes(*log, env.executor, 0, 1 << 20);
    ASSERT_EQ(stored.size(), bytes.size());
    protocol::record_batch_view view(stored);
    EXPECT_TRUE(view.has_log_append_time());
    EXPECT_EQ(view.max_timestamp(), env.clk.now_ms());
    EXPECT_TRUE(view.crc_matches());
    // The records are the producer's, untouched.
    EXPECT_TRUE(std::equal(stored.begin() + 61, stored.end(), bytes.begin() + 61));
    auto records = records_of(stored);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[3].key, "k3");
}

TEST(FragmentedAppend, BatchLengthMustMatchThePieces) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    std::vector<uint8_t> bytes = make_batch(2).linearize();
    iobuf short_by_one = in_pieces(std::span(bytes).first(bytes.size() - 1), {20});
    auto r = log->append_as_leader(std::move(short_by_one), 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), error_code::corrupt_message);
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    r = log->append_as_leader(in_pieces(longer, {5}), 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), error_code::corrupt_message);
    iobuf header_only = in_pieces(std::span(bytes).first(40), {7});
    r = log->append_as_leader(std::move(header_only), 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), error_code::corrupt_message);
    EXPECT_EQ(log->log_end_offset(), 0);
    ASSERT_TRUE(log->append_as_leader(in_pieces(bytes, {33}), 1));
    EXPECT_EQ(log->log_end_offset(), 2);
}

TEST(FragmentedAppend, FollowerAppendOfPieces) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    std::vector<uint8_t> bytes = as_stored(make_batch(3, 0, 1000, 100).linearize(), 5, 2);
    protocol::store_crc(bytes);
    auto r = log->append_at(in_pieces(bytes, {3, 61, 100}));
    ASSERT_TRUE(r) << error_name(r.error());
    EXPECT_EQ(r->base_offset, 5);
    EXPECT_EQ(read_bytes(*log, env.executor, 5, 1 << 20), bytes);
    EXPECT_FALSE(log->append_at(iobuf()));
}

}  // namespace

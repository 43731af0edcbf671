// The memory a partition log keeps for its unflushed tail: none while idle, charged as the
// buffers it keeps alive, bounded per log and per shard (memory_tail_budget), and never at
// the cost of a byte a reader gets.
#include <gtest/gtest.h>

#include <cstring>

#include "storage/memory_tail.h"
#include "storage/memory_tail_budget.h"
#include "storage/partition_log.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

// A batch cut from a request-like buffer `frame_bytes` long (the batch at its start).
iobuf slice_of_frame(const iobuf& batch, std::size_t frame_bytes) {
    iobuf frame = iobuf::allocate(frame_bytes);
    std::memset(frame.writable_data(), 0, frame_bytes);
    batch.copy_to(0, std::span(frame.writable_data(), batch.size_bytes()));
    return frame.share(0, batch.size_bytes());
}

std::vector<uint8_t> stored_bytes(const iobuf& batch, int64_t base_offset, int32_t epoch) {
    std::vector<uint8_t> out = batch.linearize();
    protocol::patch_base_offset(out, base_offset);
    protocol::patch_partition_leader_epoch(out, epoch);
    return out;
}

TEST(MemoryTail, AnIdleLogHoldsNoWriteBuffers) {
    temp_dir dir;
    log_env env;
    auto log = env.open(dir.path(), {});
    EXPECT_EQ(log->memory_tail_bytes(), 0u);
    EXPECT_EQ(log->pending_append_bytes(), 0u);
    ASSERT_TRUE(log->append_as_leader(make_batch(3), 1));
    EXPECT_GT(log->memory_tail_bytes(), 0u);
    log->flush();
    env.executor.run_all();
    // Everything is fsynced: the log keeps no copy of it in memory.
    EXPECT_EQ(log->flushed_offset(), 3);
    EXPECT_EQ(log->memory_tail_bytes(), 0u);
    EXPECT_EQ(log->pending_append_bytes(), 0u);
}

TEST(MemoryTail, ABatchIsChargedTheBufferItShares) {
    iobuf batch = make_batch(2);
    iobuf slice = slice_of_frame(batch, 100'000);
    EXPECT_EQ(memory_tail::charge_of(slice), 100'000u);
    // Two slices of one buffer are charged it once.
    iobuf two = slice.share(0, 10);
    two.append(slice.share(10, slice.size_bytes() - 10));
    EXPECT_EQ(two.fragments().size(), 2u);
    EXPECT_EQ(memory_tail::charge_of(two), 100'000u);
    iobuf own = iobuf::allocate(300);
    EXPECT_EQ(memory_tail::charge_of(own), 300u);
}

TEST(MemoryTail, ASmallSliceOfAHugeFrameIsReadFromTheFile) {
    temp_dir dir;
    log_env env;
    env.limits.max_unflushed_tail_bytes = 64 * 1024;
    auto log = env.open(dir.path(), {});
    iobuf small = make_batch(2, 0, 1000, 10);
    ASSERT_TRUE(log->append_as_leader(small.share(0, small.size_bytes()), 1));
    EXPECT_GT(log->memory_tail_bytes(), 0u);
    // Kept in memory, this 100-byte batch would keep its 1 MiB request alive.
    iobuf big_frame_batch = make_batch(2, 2, 1000, 10);
    ASSERT_TRUE(log->append_as_leader(slice_of_frame(big_frame_batch, 1 << 20), 1));
    EXPECT_EQ(log->memory_tail_bytes(), 0u);
    iobuf after = make_batch(1, 4, 1000, 10);
    ASSERT_TRUE(log->append_as_leader(after.share(0, after.size_bytes()), 1));
    EXPECT_GT(log->memory_tail_bytes(), 0u);
    std::vector<uint8_t> expected = stored_bytes(small, 0, 1);
    for (auto& b : {stored_bytes(big_frame_batch, 2, 1), stored_bytes(after, 4, 1)}) {
        expected.insert(expected.end(), b.begin(), b.end());
    }
    EXPECT_EQ(read_bytes(*log, env.executor, 0, 1 << 20), expected);
    int64_t next = 0;
    EXPECT_EQ(read_bytes(*log, env.executor, 4, 1 << 20, &next), stored_bytes(after, 4, 1));
    EXPECT_EQ(next, 5);
}

TEST(MemoryTail, TheShardBudgetShedsTheLeastRecentlyWrittenLogsFirst) {
    temp_dir dir;
    log_env env;
    const std::size_t batch_bytes = make_batch(2, 0, 1000, 1000).size_bytes();
    // make_batch's buffers are 8 KiB chunks; a stored batch also has its own stamped header.
    const std::size_t charge = iobuf::k_default_chunk_bytes + protocol::batch_layout::header_size_bytes;
    memory_tail_budget budget(5 * charge);
    env.limits.max_unflushed_tail_bytes = 1 << 20;
    std::vector<std::unique_ptr<partition_log>> logs;
    for (int i = 0; i < 4; ++i) {
        auto deps = env.deps();
        deps.tail_budget = &budget;
        auto log = partition_log::open(dir.path() + "/p" + std::to_string(i), {}, deps);
        ASSERT_TRUE(log);
        logs.push_back(std::move(*log));
    }
    ASSERT_LE(batch_bytes, iobuf::k_default_chunk_bytes);
    // Two batches into each of logs 0, 1 and 2 in turn: 6 charges, the budget holds 5.
    std::vector<std::vector<uint8_t>> expected(4);
    for (int round = 0; round < 2; ++round) {
        for (int l = 0; l < 3; ++l) {
            iobuf b = make_batch(2, round * 2, 1000, 1000);
            ASSERT_TRUE(logs[l]->append_as_leader(b.share(0, b.size_bytes()), 1));
            auto s = stored_bytes(b, round * 2, 1);
            expected[l].insert(expected[l].end(), s.begin(), s.end());
        }
    }
    EXPECT_LE(budget.used_bytes(), budget.limit_bytes());
    EXPECT_EQ(budget.used_bytes(), 5 * charge);
    // Log 0 grew least recently: it gave up its oldest batch.
    EXPECT_EQ(logs[0]->memory_tail_bytes(), charge);
    EXPECT_EQ(logs[1]->memory_tail_bytes(), 2 * charge);
    EXPECT_EQ(logs[2]->memory_tail_bytes(), 2 * charge);
    EXPECT_EQ(logs[3]->memory_tail_bytes(), 0u);
    // Log 3 writes three batches: logs 0 and 1, the least recent, give theirs up first.
    for (int i = 0; i < 3; ++i) {
        iobuf b = make_batch(1, i, 1000, 1000);
        ASSERT_TRUE(logs[3]->append_as_leader(b.share(0, b.size_bytes()), 1));
        auto s = stored_bytes(b, i, 1);
        expected[3].insert(expected[3].end(), s.begin(), s.end());
    }
    EXPECT_EQ(budget.used_bytes(), 5 * charge);
    EXPECT_EQ(logs[0]->memory_tail_bytes(), 0u);
    EXPECT_EQ(logs[1]->memory_tail_bytes(), 0u);
    EXPECT_EQ(logs[2]->memory_tail_bytes(), 2 * charge);
    EXPECT_EQ(logs[3]->memory_tail_bytes(), 3 * charge);
    // Nothing a reader gets changed.
    for (int l = 0; l < 4; ++l) EXPECT_EQ(read_bytes(*logs[l], env.executor, 0, 1 << 20), expected[l]) << l;
    // Flushed logs give their bytes back.
    for (auto& log : logs) log->flush();
    env.executor.run_all();
    EXPECT_EQ(budget.used_bytes(), 0u);
    EXPECT_EQ(budget.holders(), 0u);
    logs.clear();
}

}  // namespace

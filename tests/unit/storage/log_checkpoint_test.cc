// Recovery checkpoints: the durable prefix of the active segment (and its indexes) is
// recorded every recovery_checkpoint_interval_ms, so recovery checks only the bytes after it.
#include <gtest/gtest.h>

#include <fstream>

#include "faulty_file_system.h"
#include "storage/partition_state.h"
#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

struct checkpoint_env : log_env {
    std::shared_ptr<fault_plan> plan = std::make_shared<fault_plan>();
    log_config config;
    checkpoint_env() {
        fs = std::make_shared<faulty_file_system>(plan);
        limits.recovery_checkpoint_interval_ms = 1000;
        config.index_interval_bytes = 1024;
    }
    // `batches` batches of 2 records with 1000-byte values, flushed.
    void fill(partition_log& log, int first_batch, int batches) {
        for (int i = first_batch; i < first_batch + batches; ++i) {
            ASSERT_TRUE(log.append_as_leader(make_batch(2, i * 2, 5000 + i, 1000), 1));
        }
        log.flush();
        executor.run_all();
    }
    void checkpoint(partition_log& log) {
        clk.advance_ms(1000);
        log.tick();
        executor.run_all();
    }
    int64_t saved_recovery_position(const std::string& dir) {
        auto st = load_partition_state(fs, dir);
        EXPECT_TRUE(st);
        return st ? st->recovery_position : -1;
    }
};

uint64_t log_size(const std::string& dir) { return std::filesystem::file_size(segment_path(dir, 0, k_log_suffix)); }

TEST(LogCheckpoint, RecoveryChecksOnlyTheBytesAfterTheCheckpoint) {
    temp_dir dir;
    checkpoint_env env;
    uint64_t checkpointed = 0;
    {
        auto log = env.open(dir.path(), env.config);
        env.fill(*log, 0, 100);
        env.checkpoint(*log);
        checkpointed = log_size(dir.path());
        EXPECT_EQ(env.saved_recovery_position(dir.path()), static_cast<int64_t>(checkpointed));
        env.fill(*log, 100, 5);  // after the checkpoint
    }  // unclean
    uint64_t tail = log_size(dir.path()) - checkpointed;
    env.plan->bytes_read = 0;
    auto log = env.open(dir.path(), env.config);
    EXPECT_EQ(log->log_end_offset(), 210);
    // The tail, the two index files, one index interval of headers and the state file.
    uint64_t index_bytes = std::filesystem::file_size(segment_path(dir.path(), 0, k_offset_index_suffix)) +
                           std::filesystem::file_size(segment_path(dir.path(), 0, k_time_index_suffix));
    EXPECT_LT(env.plan->bytes_read.load(), tail + index_bytes + 2 * env.config.index_interval_bytes + 1024);
    EXPECT_GT(checkpointed, 10 * env.plan->bytes_read.load()) << "read " << env.plan->bytes_read.load();
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 210u);
    EXPECT_EQ(records[209].offset, 209);
    // The whole recovered segment is the next checkpoint.
    EXPECT_EQ(env.saved_recovery_position(dir.path()), static_cast<int64_t>(log_size(dir.path())));
}

TEST(LogCheckpoint, DamageAfterTheCheckpointIsCut) {
    temp_dir dir;
    checkpoint_env env;
    uint64_t checkpointed = 0;
    {
        auto log = env.open(dir.path(), env.config);
        env.fill(*log, 0, 20);
        env.checkpoint(*log);
        checkpointed = log_size(dir.path());
        env.fill(*log, 20, 5);
    }
    // Flip a byte inside the second batch after the checkpoint.
    uint64_t batch_bytes = make_batch(2, 40, 5020, 1000).size_bytes();
    {
        std::fstream f(segment_path(dir.path(), 0, k_log_suffix), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(checkpointed + batch_bytes + 100));
        f.put('\x7f');
    }
    auto log = env.open(dir.path(), env.config);
    EXPECT_EQ(log->log_end_offset(), 42);
    EXPECT_EQ(log_size(dir.path()), checkpointed + batch_bytes);
}

TEST(LogCheckpoint, TruncationBelowTheCheckpointMovesItFirst) {
    temp_dir dir;
    checkpoint_env env;
    {
        auto log = env.open(dir.path(), env.config);
        env.fill(*log, 0, 20);
        env.checkpoint(*log);
        int64_t before = env.saved_recovery_position(dir.path());
        std::optional<status> truncated;
        log->truncate_to(20, [&](status st) { truncated = st; });
        EXPECT_FALSE(truncated.has_value());  // the checkpoint moves first
        EXPECT_EQ(env.saved_recovery_position(dir.path()), before);
        env.executor.run_all();
        ASSERT_TRUE(truncated && *truncated);
        EXPECT_EQ(log->log_end_offset(), 20);
        int64_t cut_position = static_cast<int64_t>(log_size(dir.path()));
        EXPECT_EQ(env.saved_recovery_position(dir.path()), cut_position);
        // Different data where the old one was, then a crash without a flush.
        for (int i = 0; i < 10; ++i) ASSERT_TRUE(log->append_as_leader(make_batch(2, 1000 + i, 9000, 700), 2));
    }
    auto log = env.open(dir.path(), env.config);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 40u);
    EXPECT_EQ(records[19].key, "k19");
    EXPECT_EQ(records[20].key, "k1000");
    EXPECT_EQ(log->epochs().entries(), (std::vector<epoch_entry>{{1, 0}, {2, 20}}));
}

TEST(LogCheckpoint, IndexFilesNewerThanTheCheckpointAreCutBack) {
    temp_dir dir;
    checkpoint_env env;
    std::vector<uint8_t> old_state;
    {
        auto log = env.open(dir.path(), env.config);
        env.fill(*log, 0, 20);
        env.checkpoint(*log);
        old_state = read_whole_file(*env.fs, dir.path() + "/partition.state").value();
        env.fill(*log, 20, 20);
        env.checkpoint(*log);
    }
    // As if the crash came after the second checkpoint's index files, before its state.
    ASSERT_TRUE(write_file_atomically(*env.fs, dir.path() + "/partition.state", old_state));
    auto log = env.open(dir.path(), env.config);
    EXPECT_EQ(log->log_end_offset(), 80);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 80u);
    int64_t next = 0;
    auto bytes = read_bytes(*log, env.executor, 61, 1, &next);
    EXPECT_EQ(records_of(bytes).front().offset, 60);
    EXPECT_EQ(next, 62);
}

TEST(LogCheckpoint, NoCheckpointBeforeTheInterval) {
    temp_dir dir;
    checkpoint_env env;
    auto log = env.open(dir.path(), env.config);
    int64_t at_open = env.saved_recovery_position(dir.path());
    EXPECT_EQ(at_open, 0);
    env.fill(*log, 0, 5);
    env.clk.advance_ms(999);
    log->tick();
    env.executor.run_all();
    EXPECT_EQ(env.saved_recovery_position(dir.path()), 0);
    env.clk.advance_ms(1);
    log->tick();
    env.executor.run_all();
    EXPECT_EQ(env.saved_recovery_position(dir.path()), static_cast<int64_t>(log_size(dir.path())));
}

}  // namespace

// Recovery after clean and unclean shutdowns, and corruption with exact expectations.
#include <gtest/gtest.h>

#include <fstream>

#include "faulty_file_system.h"
#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

std::string log_file(const std::string& dir, int64_t base) { return segment_path(dir, base, k_log_suffix); }

std::vector<uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Appends `batches` batches of 2 records each (offsets 2i, 2i+1) and flushes.
void fill(partition_log& log, manual_executor& ex, int batches, std::size_t value_bytes = 100) {
    for (int i = 0; i < batches; ++i) {
        ASSERT_TRUE(log.append_as_leader(make_batch(2, i * 2, 1000 + i, value_bytes), 1));
        ex.run_all();
    }
    log.flush();
    ex.run_all();
}

void close_log(partition_log& log, manual_executor& ex) {
    bool closed = false;
    log.close([&](status st) { closed = st.has_value(); });
    ex.run_all();
    ASSERT_TRUE(closed);
}

TEST(LogRecovery, CleanShutdownSkipsTheScan) {
    temp_dir dir;
    log_env env;
    {
        auto log = env.open(dir.path(), {});
        fill(*log, env.executor, 10);
        close_log(*log, env.executor);
    }
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/.clean_shutdown"));
    auto log = env.open(dir.path(), {});
    EXPECT_TRUE(log->recovered_cleanly());
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/.clean_shutdown"));
    EXPECT_EQ(log->log_end_offset(), 20);
    EXPECT_EQ(all_records(*log, env.executor).size(), 20u);
}

TEST(LogRecovery, UncleanShutdownKeepsEveryValidBatch) {
    temp_dir dir;
    log_env env;
    {
        auto log = env.open(dir.path(), {});
        fill(*log, env.executor, 10);
    }  // destroyed without close: no marker
    auto log = env.open(dir.path(), {});
    EXPECT_FALSE(log->recovered_cleanly());
    EXPECT_EQ(log->log_end_offset(), 20);
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 20u);
    EXPECT_EQ(records[19], (read_record{19, "k19", std::string("v19") + std::string(97, 'x')}));
    ASSERT_TRUE(log->append_as_leader(make_batch(1, 20), 1));
    EXPECT_EQ(log->log_end_offset(), 21);
}

// Bytes of the first n batches that fill() writes.
std::size_t bytes_of_batches(int n, std::size_t value_bytes = 100) {
    std::size_t total = 0;
    for (int i = 0; i < n; ++i) total += make_batch(2, i * 2, 1000 + i, value_bytes).size_bytes();
    return total;
}

TEST(LogRecovery, FlippedBitCutsTheLogBeforeThatBatch) {
    temp_dir dir;
    log_env env;
    {
        auto log = env.open(dir.path(), {});
        fill(*log, env.executor, 10);
    }
    auto bytes = file_bytes(log_file(dir.path(), 0));
    ASSERT_EQ(bytes.size(), bytes_of_batches(10));
    bytes[bytes_of_batches(6) + 70] ^= 0x04;  // inside batch 6's records
    write_bytes(log_file(dir.path(), 0), bytes);

    auto log = env.open(dir.path(), {});
    EXPECT_EQ(log->log_end_offset(), 12);  // batches 0..5 survive
    EXPECT_EQ(std::filesystem::file_size(log_file(dir.path(), 0)), bytes_of_batches(6));
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 12u);
    EXPECT_EQ(records.back().offset, 11);
    auto r = log->append_as_leader(make_batch(1, 99), 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->base_offset, 12);
}

TEST(LogRecovery, TornWriteMidBatchIsCut) {
    temp_dir dir;
    log_env env;
    {
        auto log = env.open(dir.path(), {});
        fill(*log, env.executor, 5);
    }
    std::filesystem::resize_file(log_file(dir.path(), 0), bytes_of_batches(4) + 100);
    auto log = env.open(dir.path(), {});
    EXPECT_EQ(log->log_end_offset(), 8);
    EXPECT_EQ(std::filesystem::file_size(log_file(dir.path(), 0)), bytes_of_batches(4));
}

TEST(LogRecovery, ZeroFilledTailIsCut) {
    temp_dir dir;
    log_env env;
    {
        auto log = env.open(dir.path(), {});
        fill(*log, env.executor, 3);
    }
    // A crash after the file grew but before the data reached it leaves zeros.
    std::filesystem::resize_file(log_file(dir.path(), 0), bytes_of_batches(3) + 4096);
    auto log = env.open(dir.path(), {});
    EXPECT_EQ(log->log_end_offset(), 6);
    EXPECT_EQ(std::filesystem::file_size(log_file(dir.path(), 0)), bytes_of_batches(3));
}

TEST(LogRecovery, DeletedIndexIsRebuiltIdentically) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 8192;
    config.index_interval_bytes = 512;
    std::vector<int64_t> bases;
    {
        auto log = env.open(dir.path(), config);
        fill(*log, env.executor, 60);
        bases = log->segment_base_offsets();
        close_log(*log, env.executor);
    }
    ASSERT_GE(bases.size(), 3u);
    std::string index = segment_path(dir.path(), bases[1], k_offset_index_suffix);
    std::string time_index = segment_path(dir.path(), bases[1], k_time_index_suffix);
    auto index_before = file_bytes(index);
    auto time_before = file_bytes(time_index);
    ASSERT_FALSE(index_before.empty());
    std::filesystem::remove(index);
    std::filesystem::remove(time_index);
    auto log = env.open(dir.path(), config);
    // The closed segment is loaded (and its indexes rebuilt) on first read.
    auto records = all_records(*log, env.executor);
    ASSERT_EQ(records.size(), 120u);
    for (int i = 0; i < 120; ++i) EXPECT_EQ(records[i].offset, i);
    EXPECT_EQ(file_bytes(index), index_before);
    EXPECT_EQ(file_bytes(time_index), time_before);
}

TEST(LogRecovery, GarbageIndexIsRebuilt) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 8192;
    config.index_interval_bytes = 512;
    std::vector<int64_t> bases;
    {
        auto log = env.open(dir.path(), config);
        fill(*log, env.executor, 60);
        bases = log->segment_base_offsets();
        close_log(*log, env.executor);
    }
    std::string index = segment_path(dir.path(), bases[0], k_offset_index_suffix);
    auto index_before = file_bytes(index);
    write_bytes(index, std::vector<uint8_t>(13, 0xAB));  // not a multiple of 8 bytes
    auto log = env.open(dir.path(), config);
    int64_t next = 0;
    auto bytes = read_bytes(*log, env.executor, 7, 1 << 20, &next);
    auto records = records_of(bytes);
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.front().offset, 6);
    EXPECT_EQ(file_bytes(index), index_before);
}

TEST(LogRecovery, OpenReadsOnlyTheTailOfALongLog) {
    temp_dir dir;
    auto plan = std::make_shared<fault_plan>();
    log_env env;
    env.fs = std::make_shared<faulty_file_system>(plan);
    log_config config;
    config.segment_bytes = 4096;
    {
        auto log = env.open(dir.path(), config);
        fill(*log, env.executor, 400);  // about 120 KB
        EXPECT_GE(log->segment_count(), 25u);
    }  // unclean
    uint64_t total = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) total += e.file_size();
    plan->bytes_read = 0;
    auto log = env.open(dir.path(), config);
    EXPECT_EQ(log->log_end_offset(), 800);
    // The last segment, its indexes, the state file and one time index entry per segment.
    EXPECT_LT(plan->bytes_read.load(), 3 * config.segment_bytes + 64 * log->segment_count());
    EXPECT_GT(total, 10 * plan->bytes_read.load());
}

TEST(LogRecovery, UnreadableStateFileRecoversEverySegment) {
    temp_dir dir;
    log_env env;
    log_config config;
    config.segment_bytes = 4096;
    {
        auto log = env.open(dir.path(), config);
        fill(*log, env.executor, 30);
    }
    write_bytes(dir.path() + "/partition.state", {1, 2, 3});
    auto log = env.open(dir.path(), config);
    EXPECT_EQ(log->log_end_offset(), 60);
    EXPECT_EQ(all_records(*log, env.executor).size(), 60u);
}

}  // namespace

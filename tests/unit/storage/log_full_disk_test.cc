// A full disk: appends fail with KAFKA_STORAGE_ERROR, reads and other partitions keep
// working, nothing acknowledged is damaged, and appends work again once space returns.
//
// The real test runs on a 2 MiB tmpfs that it mounts (we run as root). Where mounting is
// not permitted it uses RLIMIT_FSIZE instead, which the kernel enforces the same way
// (writes past the limit fail with EFBIG). The injected test fails writes through the
// file_system interface, including short writes.
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <gtest/gtest.h>

#include <fstream>

#include "faulty_file_system.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

constexpr std::size_t k_value_bytes = 16 * 1024;

// A small filesystem for the test, or a file size limit where mounting is not allowed.
class small_disk {
public:
    explicit small_disk(const std::string& where) : where_(where) {
        mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", 0, "size=2m") == 0;
        if (!mounted_) {
            ::getrlimit(RLIMIT_FSIZE, &saved_);
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit small = saved_;
            small.rlim_cur = 128 * 1024;  // below segment.bytes: the active segment hits it
            ::setrlimit(RLIMIT_FSIZE, &small);
        }
    }
    ~small_disk() {
        if (mounted_) {
            ::umount2(where_.c_str(), MNT_DETACH);
        } else {
            ::setrlimit(RLIMIT_FSIZE, &saved_);
        }
    }
    bool mounted() const { return mounted_; }

private:
    std::string where_;
    bool mounted_ = false;
    rlimit saved_{};
};

struct append_outcome {
    int64_t acked_end = 0;  // offsets below are fsync-acknowledged
    error_code failure = error_code::none;
};

// Appends 16 KiB batches, each waiting for its fsync, until one fails.
append_outcome fill_until_full(partition_log& log, manual_executor& ex, int limit_batches) {
    append_outcome out;
    for (int i = 0; i < limit_batches && out.failure == error_code::none; ++i) {
        auto r = log.append_as_leader(make_batch(1, i, 1000, k_value_bytes), 1);
        if (!r) {
            out.failure = r.error();
            break;
        }
        log.wait_flushed(r->last_offset, [&, last = r->last_offset](status st) {
            if (st) {
                out.acked_end = std::max(out.acked_end, last + 1);
            } else {
                out.failure = st.error();
            }
        });
        ex.run_all();
    }
    return out;
}

void expect_first_records_intact(partition_log& log, manual_executor& ex, int64_t count) {
    auto records = all_records(log, ex);
    ASSERT_GE(records.size(), static_cast<std::size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        ASSERT_EQ(records[i].offset, i);
        ASSERT_EQ(records[i].key, "k" + std::to_string(i));
    }
}

TEST(LogFullDisk, RealSmallFilesystem) {
    temp_dir root;
    small_disk disk(root.path());
    log_env env;
    log_config config;
    config.segment_bytes = 256 * 1024;  // rolls happen while the disk fills
    auto a = env.open(root.path() + "/topic-0", config);
    auto b = env.open(root.path() + "/topic-1", config);
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(b->append_as_leader(make_batch(3, 0), 1));
    b->flush();
    env.executor.run_all();
    // Room to free later: a filler file on the same filesystem.
    std::string filler = root.path() + "/filler";
    if (disk.mounted()) {
        std::ofstream(filler, std::ios::binary) << std::string(512 * 1024, 'f');
    }

    auto outcome = fill_until_full(*a, env.executor, 1000);
    EXPECT_EQ(outcome.failure, error_code::kafka_storage_error);
    EXPECT_GT(outcome.acked_end, 5);
    EXPECT_EQ(a->log_end_offset(), a->flushed_offset());  // nothing unacknowledged is kept
    expect_first_records_intact(*a, env.executor, outcome.acked_end);
    // The other partition still reads.
    EXPECT_EQ(all_records(*b, env.executor).size(), 3u);

    // Space returns: appends work again without reopening anything.
    if (disk.mounted()) {
        std::filesystem::remove(filler);
    } else {
        config.segment_bytes = 64 * 1024;  // under the file size limit, new segments take writes
        a->set_config(config);
    }
    int64_t end_before = a->log_end_offset();
    auto more = a->append_as_leader(make_batch(1, 5000, 1000, 100), 1);
    ASSERT_TRUE(more) << error_name(more.error());
    bool durable = false;
    a->wait_flushed(more->last_offset, [&](status st) { durable = st.has_value(); });
    env.executor.run_all();
    EXPECT_TRUE(durable);
    EXPECT_EQ(more->base_offset, end_before);
    expect_first_records_intact(*a, env.executor, outcome.acked_end);
    EXPECT_EQ(all_records(*a, env.executor).back().key, "k5000");
    a.reset();
    b.reset();
}

TEST(LogFullDisk, InjectedShortWriteLeavesTheLogUnchanged) {
    temp_dir dir;
    auto plan = std::make_shared<fault_plan>();
    log_env env;
    env.fs = std::make_shared<faulty_file_system>(plan);
    auto log = env.open(dir.path(), {});
    ASSERT_TRUE(log->append_as_leader(make_batch(2, 0), 1));
    env.executor.run_all();
    uint64_t size_before = log->size_bytes();
    plan->write_budget_bytes = 30;  // the next batch gets 30 bytes in, then "ENOSPC"
    auto r = log->append_as_leader(make_batch(2, 2), 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), error_code::kafka_storage_error);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_EQ(log->size_bytes(), size_before);
    EXPECT_EQ(std::filesystem::file_size(dir.path() + "/00000000000000000000.log"), size_before);
    plan->write_budget_bytes = -1;
    auto ok = log->append_as_leader(make_batch(2, 2), 1);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->base_offset, 2);
    EXPECT_EQ(all_records(*log, env.executor).size(), 4u);
    // And recovery agrees.
    log.reset();
    auto reopened = env.open(dir.path(), {});
    EXPECT_EQ(reopened->log_end_offset(), 4);
}

}  // namespace

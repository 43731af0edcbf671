// Kills a writer process (crash_writer.cc) with SIGKILL at random moments, optionally
// tears the unacknowledged tail of the last segment (as a power loss would), and checks
// after recovery that every fsync-acknowledged batch is there byte for byte and that
// nothing after a torn write is served.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "crash_batch.h"
#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

constexpr const char* k_segment_bytes = "65536";

// Runs the writer on `dir` for about `run_ms`, then SIGKILLs it. Returns the largest
// acknowledged offset (-1 if none).
int64_t run_and_kill(const std::string& dir, int run_ms) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        ::close(out[1]);
        ::execl(SB_CRASH_WRITER_PATH, SB_CRASH_WRITER_PATH, dir.c_str(), k_segment_bytes, nullptr);
        ::_exit(127);
    }
    ::close(out[1]);
    ::fcntl(out[0], F_SETFL, O_NONBLOCK);
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    bool ready = false;
    char buf[4096];
    // Wait for "ready" (recovery done) without counting it against the run time.
    for (;;) {
        ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n > 0) text.append(buf, static_cast<std::size_t>(n));
        if (!ready && text.find("ready") != std::string::npos) {
            ready = true;
            deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
        }
        if (ready && std::chrono::steady_clock::now() >= deadline) break;
        if (n == 0) break;  // the writer exited on its own
        if (n < 0) ::usleep(1000);
    }
    ::kill(pid, SIGKILL);
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    // Whatever it printed before dying is acknowledged too.
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
    ::close(out[0]);
    EXPECT_TRUE(WIFSIGNALED(wstatus)) << text;
    int64_t acked = -1;
    std::size_t pos = 0;
    while ((pos = text.find("acked ", pos)) != std::string::npos) {
        acked = std::max<int64_t>(acked, std::stoll(text.substr(pos + 6)));
        pos += 6;
    }
    return acked;
}

// Cuts the last segment somewhere after the end of the batch holding `acked` (or anywhere
// when that batch is in an earlier segment): the page cache lost in a power failure.
void tear_tail(const std::string& dir, int64_t acked, std::mt19937& rng) {
    std::vector<int64_t> bases;
    for (auto& e : std::filesystem::directory_iterator(dir)) {
        if (auto b = parse_log_file_name(e.path().filename().string())) bases.push_back(*b);
    }
    ASSERT_FALSE(bases.empty());
    int64_t last = *std::max_element(bases.begin(), bases.end());
    std::string path = segment_path(dir, last, k_log_suffix);
    uint64_t size = std::filesystem::file_size(path);
    uint64_t keep_from = 0;
    auto f = posix_file_system()->open(path, open_mode::read_only);
    ASSERT_TRUE(f);
    auto end = scan_valid_batches(**f, 0, size, 1 << 20, [&](const batch_info& b) {
        if (b.base_offset <= acked) keep_from = b.end_position();
    });
    ASSERT_TRUE(end);
    if (size <= keep_from) return;
    uint64_t cut = keep_from + rng() % (size - keep_from + 1);
    std::filesystem::resize_file(path, cut);
}

TEST(CrashTest, KilledWriterNeverLosesAcknowledgedBatches) {
    temp_dir dir;
    std::mt19937 rng(20240611);
    int64_t acked = -1;
    constexpr int k_rounds = 8;
    for (int round = 0; round < k_rounds; ++round) {
        int64_t got = run_and_kill(dir.path(), 100 + static_cast<int>(rng() % 400));
        acked = std::max(acked, got);
        if (round % 2 == 1) tear_tail(dir.path(), acked, rng);

        log_env env;
        log_config config;
        config.segment_bytes = std::stoull(k_segment_bytes);
        auto log = env.open(dir.path(), config);
        ASSERT_TRUE(log);
        ASSERT_GT(log->log_end_offset(), acked) << "round " << round;
        // Every batch is exactly the one the writer appended at its offset: no loss of
        // acknowledged data, no torn or foreign bytes served.
        int64_t offset = 0;
        while (offset < log->log_end_offset()) {
            int64_t next = offset;
            auto bytes = read_bytes(*log, env.executor, offset, 1 << 20, &next);
            ASSERT_GT(next, offset);
            std::span<const uint8_t> rest(bytes);
            while (!rest.empty()) {
                auto view = protocol::record_batch_view::parse(rest);
                ASSERT_TRUE(view);
                ASSERT_EQ(view->base_offset(), offset);
                auto expected = crash_batch(offset);
                ASSERT_TRUE(std::equal(expected.begin(), expected.end(), view->bytes().begin(), view->bytes().end()))
                    << "batch at " << offset << " differs";
                offset = view->next_offset();
                rest = rest.subspan(view->size_bytes());
            }
        }
        EXPECT_EQ(offset, log->log_end_offset());
    }
    EXPECT_GT(acked, 100);  // the writer made real progress
}

}  // namespace

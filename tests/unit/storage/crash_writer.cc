// The writer process of the crash test: opens (recovering) the log in argv[1], then appends
// crash_batch()es forever with a thread-pool executor, keeping up to 8 appends waiting for
// their fsync (so that group commit is exercised), and prints "acked <last offset>" on
// stdout once a batch is fsynced; tick() writes recovery checkpoints every 20 ms. The test
// kills it with SIGKILL at random moments.
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

#include "crash_batch.h"
#include "storage/partition_log.h"

int main(int argc, char** argv) {
    using namespace sb::storage;
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <log dir> <segment bytes>\n", argv[0]);
        return 2;
    }
    owner_queue owner;
    thread_pool_executor pool(2, [&](std::function<void()> fn) { owner.post(std::move(fn)); });
    system_clock clk;
    open_segment_cache cache(16, pool);
    log_config config;
    config.segment_bytes = std::strtoull(argv[2], nullptr, 10);
    storage_limits limits;
    limits.recovery_checkpoint_interval_ms = 20;  // recovery trusts checkpoints often
    auto opened = partition_log::open(argv[1], config, log_dependencies{posix_file_system(), &pool, &clk, &cache, limits});
    if (!opened) {
        std::fprintf(stderr, "open failed: %s\n", std::string(sb::error_name(opened.error())).c_str());
        return 1;
    }
    auto& log = **opened;
    std::fprintf(stdout, "ready %lld\n", static_cast<long long>(log.log_end_offset()));
    std::fflush(stdout);
    constexpr int max_waiting = 8;
    int waiting = 0;
    for (;;) {
        while (waiting < max_waiting) {
            auto bytes = sb::storage::testing::crash_batch(log.log_end_offset());
            auto r = log.append_as_leader(sb::iobuf::copy_of(std::span<const uint8_t>(bytes)),
                                          sb::storage::testing::k_crash_leader_epoch);
            if (!r) {
                std::fprintf(stderr, "append failed: %s\n", std::string(sb::error_name(r.error())).c_str());
                return 1;
            }
            ++waiting;
            int64_t last = r->last_offset;
            log.wait_flushed(last, [&waiting, last](sb::status st) {
                --waiting;
                if (!st) std::exit(1);
                std::fprintf(stdout, "acked %lld\n", static_cast<long long>(last));
                std::fflush(stdout);
            });
        }
        owner.wait_and_run(100);
        log.tick();
    }
}

// Storage benchmarks: append throughput (1 KiB records in 16 KiB batches, with and without
// an fsync per batch), sequential read throughput, offset index lookup, and start-up time
// after an unclean shutdown with 1 GB and 10 GB logs.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "protocol/record_batch_builder.h"
#include "storage/partition_log.h"
#include "storage/partition_state.h"
#include "storage/segment_index.h"
#include "storage/segment_name.h"

namespace {

using namespace sb;
using namespace sb::storage;

constexpr int k_records_per_batch = 16;
constexpr std::size_t k_record_value_bytes = 1024;

std::string bench_root() {
    const char* env = std::getenv("SB_BENCH_DIR");
    std::string base = env != nullptr ? env : std::filesystem::temp_directory_path().string();
    return base + "/sb_storage_bench_" + std::to_string(::getpid());
}

// A 16 KiB batch of 16 records with 1 KiB values (random bytes: incompressible).
const std::vector<uint8_t>& batch_16k() {
    static const std::vector<uint8_t> bytes = [] {
        std::mt19937_64 rng(1);
        protocol::record_batch_builder b;
        for (int i = 0; i < k_records_per_batch; ++i) {
            std::string value(k_record_value_bytes, '\0');
            for (auto& c : value) c = static_cast<char>(rng());
            b.add(1'700'000'000'000 + i, "key-" + std::to_string(i), value);
        }
        return b.build().value();
    }();
    return bytes;
}

struct bench_log {
    std::string dir;
    manual_executor executor;
    system_clock clk;
    open_segment_cache cache{64, executor};
    std::unique_ptr<partition_log> log;

    bench_log(const std::string& name, log_config config) : dir(bench_root() + "/" + name) {
        std::filesystem::remove_all(dir);
        log = reopen(config);
    }
    std::unique_ptr<partition_log> reopen(const log_config& config) {
        auto l = partition_log::open(dir, config, log_dependencies{posix_file_system(), &executor, &clk, &cache, {}});
        if (!l) std::abort();
        return std::move(*l);
    }
    ~bench_log() {
        log.reset();
        executor.run_all();
        std::filesystem::remove_all(bench_root());
    }
    void append(bool wait_fsync) {
        auto r = log->append_as_leader(iobuf::copy_of(std::span<const uint8_t>(batch_16k())), 1);
        if (!r) std::abort();
        if (wait_fsync) log->wait_flushed(r->last_offset, [](status st) { if (!st) std::abort(); });
        executor.run_all();
    }
};

void BM_append_no_fsync(benchmark::State& state) {
    log_config config;
    config.fsync_before_ack = false;
    bench_log b("append_no_fsync", config);
    for (auto _ : state) b.append(false);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * batch_16k().size()));
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * k_records_per_batch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_append_no_fsync)->Iterations(40000)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_append_fsync_each_batch(benchmark::State& state) {
    bench_log b("append_fsync", log_config{});
    for (auto _ : state) b.append(true);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * batch_16k().size()));
}
BENCHMARK(BM_append_fsync_each_batch)->Iterations(2000)->Unit(benchmark::kMicrosecond)->UseRealTime();

// acks=all with 16 produces in flight: they share fsyncs (group commit).
void BM_append_fsync_group_commit_16(benchmark::State& state) {
    bench_log b("append_group_commit", log_config{});
    for (auto _ : state) {
        for (int i = 0; i < 16; ++i) {
            auto r = b.log->append_as_leader(iobuf::copy_of(std::span<const uint8_t>(batch_16k())), 1);
            if (!r) std::abort();
            b.log->wait_flushed(r->last_offset, [](status st) { if (!st) std::abort(); });
        }
        b.executor.run_all();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * 16 * batch_16k().size()));
}
BENCHMARK(BM_append_fsync_group_commit_16)->Iterations(250)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_sequential_read(benchmark::State& state) {
    log_config config;
    config.fsync_before_ack = false;
    bench_log b("read", config);
    for (int i = 0; i < 16384; ++i) b.append(false);  // 256 MiB
    b.log->flush();
    b.executor.run_all();
    std::vector<uint8_t> sink(2 << 20);
    uint64_t bytes = 0;
    for (auto _ : state) {
        int64_t offset = 0;
        while (offset < b.log->log_end_offset()) {
            b.log->read(offset, 1 << 20, [&](result<read_result> r) {
                if (!r) std::abort();
                for (const auto& range : r->ranges) {
                    auto n = range.source->pread(std::span(sink.data(), range.size_bytes), range.position);
                    if (!n) std::abort();
                }
                bytes += r->size_bytes;
                offset = r->next_offset;
            });
            b.executor.run_all();
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_sequential_read)->Iterations(4)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_offset_index_lookup(benchmark::State& state) {
    // A full 1 GiB segment's index at the default 4 KiB interval: 262144 entries.
    constexpr std::size_t entries = 262144;
    offset_index idx(0, entries);
    for (std::size_t i = 0; i < entries; ++i) idx.append(static_cast<int64_t>(i * 16 + 1), (i + 1) * 4096);
    std::mt19937_64 rng(3);
    std::vector<int64_t> targets(4096);
    for (auto& t : targets) t = static_cast<int64_t>(rng() % (entries * 16));
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(idx.lookup(targets[i++ & 4095]));
    }
}
BENCHMARK(BM_offset_index_lookup);

// Writes `gigabytes` of data in 10 MiB segments (100 segments per GB), drops the log without
// a clean shutdown and measures open(); with full_scan the partition state is removed
// first, so that every segment is checked.
void recovery(benchmark::State& state, bool full_scan) {
    const int64_t gigabytes = state.range(0);
    log_config config;
    config.fsync_before_ack = false;
    config.segment_bytes = 10 * 1024 * 1024;
    bench_log b("recovery", config);
    const int64_t batches = gigabytes * (1LL << 30) / static_cast<int64_t>(batch_16k().size());
    for (int64_t i = 0; i < batches; ++i) b.append(false);
    b.log->flush();
    b.executor.run_all();
    std::size_t segments = b.log->segment_count();
    b.log.reset();  // unclean: no marker
    b.executor.run_all();
    for (auto _ : state) {
        if (full_scan) std::filesystem::remove(b.dir + "/" + k_partition_state_name);
        auto start = std::chrono::steady_clock::now();
        auto log = b.reopen(config);
        auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(elapsed);
        if (log->log_end_offset() != batches * k_records_per_batch) std::abort();
        log.reset();  // unclean again
        b.executor.run_all();
    }
    state.counters["segments"] = static_cast<double>(segments);
}
// One 1 GiB segment: open() after an unclean shutdown when a recovery checkpoint covers
// all but the last 16 MiB (arg 1), or none of it (arg 0: the whole segment is checked).
void BM_recovery_one_big_segment(benchmark::State& state) {
    const bool checkpointed = state.range(0) == 1;
    log_config config;
    config.fsync_before_ack = false;
    bench_log b("recovery_big", config);
    storage_limits limits;
    limits.recovery_checkpoint_interval_ms = 0;
    auto deps = [&] { return log_dependencies{posix_file_system(), &b.executor, &b.clk, &b.cache, limits}; };
    b.log.reset();
    b.log = std::move(*partition_log::open(b.dir, config, deps()));
    const int64_t batches = (1LL << 30) / static_cast<int64_t>(batch_16k().size());
    const int64_t tail_batches = (16LL << 20) / static_cast<int64_t>(batch_16k().size());
    for (int64_t i = 0; i < batches - tail_batches; ++i) b.append(false);
    b.log->flush();
    b.executor.run_all();
    if (checkpointed) b.log->tick();
    b.executor.run_all();
    for (int64_t i = 0; i < tail_batches; ++i) b.append(false);
    b.log->flush();
    b.executor.run_all();
    b.log.reset();  // unclean
    std::vector<uint8_t> state_bytes = read_whole_file(*posix_file_system(), b.dir + "/" + k_partition_state_name).value();
    for (auto _ : state) {
        // Every round starts from the same on-disk state (open() checkpoints what it recovered).
        if (!write_file_atomically(*posix_file_system(), b.dir + "/" + k_partition_state_name, state_bytes)) std::abort();
        auto start = std::chrono::steady_clock::now();
        auto log = partition_log::open(b.dir, config, deps());
        auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(elapsed);
        if (!log || (*log)->log_end_offset() != batches * k_records_per_batch) std::abort();
        log->reset();
        b.executor.run_all();
    }
}
BENCHMARK(BM_recovery_one_big_segment)->Arg(0)->Arg(1)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_recovery_unclean(benchmark::State& state) { recovery(state, false); }
void BM_recovery_full_scan(benchmark::State& state) { recovery(state, true); }
BENCHMARK(BM_recovery_unclean)->Arg(1)->Arg(10)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_recovery_full_scan)->Arg(1)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

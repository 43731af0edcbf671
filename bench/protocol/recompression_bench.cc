// What a topic's compression.type costs on Produce: protocol::recompress_batch (decompress
// the producer's records, compress them with the topic's codec, new length and CRC) for
// one batch of 16 records of 1 KiB, between codecs at Kafka's default levels, and from
// uncompressed to each codec at several of its levels. This comes on top of the validation
// every batch gets (which decompresses it once already).
//
// Run: recompression_bench [--benchmark_filter=...]. bytes_per_second counts the
// uncompressed record bytes.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/batch_recompression.h"
#include "protocol/record_batch_builder.h"

namespace sb::protocol {
namespace {

constexpr int k_records = 16;
constexpr std::size_t k_value_bytes = 1024;

// Log-line-like values: repeated field names with varying numbers, so that every codec
// has something to compress, as real payloads do.
std::string value_for(int record) {
    std::string out;
    uint32_t x = static_cast<uint32_t>(record) * 2654435761u;
    while (out.size() < k_value_bytes) {
        x = x * 1664525u + 1013904223u;
        out += "{\"user\":" + std::to_string(x % 100000) + ",\"event\":\"page_view\",\"ms\":" +
               std::to_string(x % 977) + "}";
    }
    out.resize(k_value_bytes);
    return out;
}

std::vector<uint8_t> batch_with(compression_codec codec) {
    record_batch_builder b(codec);
    b.set_producer(1000, 0, 0);
    for (int i = 0; i < k_records; ++i) b.add(1'700'000'000'000 + i, "key-" + std::to_string(i), value_for(i));
    return b.build().value();
}

void measure(benchmark::State& state, compression_codec from, compression_codec to, const compression_levels& levels) {
    const std::vector<uint8_t> bytes = batch_with(from);
    const record_batch_view batch(bytes);
    for (auto _ : state) {
        auto out = recompress_batch(batch, to, levels, compression_limits{});
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * k_records * static_cast<int64_t>(k_value_bytes));
    state.counters["stored_bytes"] = static_cast<double>(recompress_batch(batch, to, levels, compression_limits{})->size());
}

// Between codecs, at Kafka's default levels.
void recompress(benchmark::State& state) {
    measure(state, static_cast<compression_codec>(state.range(0)), static_cast<compression_codec>(state.range(1)), {});
}

constexpr int64_t none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4;

// An uncompressed batch to a codec at one of Kafka's levels for it (compression.gzip.level,
// compression.lz4.level, compression.zstd.level).
void recompress_at_level(benchmark::State& state) {
    const auto to = static_cast<compression_codec>(state.range(0));
    const auto level = static_cast<int32_t>(state.range(1));
    compression_levels levels;
    if (to == compression_codec::gzip) levels.gzip = level;
    if (to == compression_codec::lz4) levels.lz4 = level;
    if (to == compression_codec::zstd) levels.zstd = level;
    measure(state, compression_codec::none, to, levels);
}

BENCHMARK(recompress)
    ->ArgNames({"from", "to"})
    ->Args({none, gzip})
    ->Args({none, snappy})
    ->Args({none, lz4})
    ->Args({none, zstd})
    ->Args({zstd, gzip})
    ->Args({gzip, zstd})
    ->Args({snappy, zstd})
    ->Args({lz4, zstd})
    ->Args({zstd, lz4})
    ->Args({zstd, none});

BENCHMARK(recompress_at_level)
    ->ArgNames({"to", "level"})
    ->Args({gzip, 1})
    ->Args({gzip, -1})
    ->Args({gzip, 9})
    ->Args({lz4, 9})
    ->Args({lz4, 3})
    ->Args({lz4, 12})
    ->Args({zstd, -5})
    ->Args({zstd, 1})
    ->Args({zstd, 3})
    ->Args({zstd, 9})
    ->Args({zstd, 19});

}  // namespace
}  // namespace sb::protocol

BENCHMARK_MAIN();

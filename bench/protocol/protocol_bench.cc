// Codec throughput on the data path: Produce and Fetch with 16 partitions of one ~16 KB
// record batch each, and CRC-32C (the record batch checksum) on both implementations.
//
// Run: protocol_bench [--benchmark_filter=...]. bytes_per_second counts the whole
// encoded message, record bytes included (they are shared, not copied, by the codec).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "base/crc32c.h"
#include "base/iobuf.h"
#include "protocol/messages/fetch.h"
#include "protocol/messages/produce.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::protocol {
namespace {

constexpr int k_partition_count = 16;
constexpr std::size_t k_batch_size_bytes = 16 * 1024;

std::vector<uint8_t> pseudo_random_bytes(std::size_t size_bytes, uint32_t seed) {
    std::vector<uint8_t> out(size_bytes);
    uint32_t x = seed;
    for (auto& b : out) {
        x = x * 1664525u + 1013904223u;  // LCG: deterministic, incompressible enough
        b = static_cast<uint8_t>(x >> 24);
    }
    return out;
}

record_set batch_for(int partition) {
    return record_set::copy_of(pseudo_random_bytes(k_batch_size_bytes, static_cast<uint32_t>(partition)));
}

produce_request make_produce() {
    produce_request req;
    req.acks = -1;
    req.timeout_ms = 30000;
    auto& topic = req.topic_data.emplace_back();
    topic.name = "bench-topic";
    for (int p = 0; p < k_partition_count; ++p) {
        auto& partition = topic.partition_data.emplace_back();
        partition.index = p;
        partition.records = batch_for(p);
    }
    return req;
}

fetch_request make_fetch_request() {
    fetch_request req;
    req.max_wait_ms = 500;
    req.min_bytes = 1;
    req.max_bytes = 52428800;
    req.isolation_level = 1;
    auto& topic = req.topics.emplace_back();
    topic.topic = "bench-topic";
    for (int p = 0; p < k_partition_count; ++p) {
        auto& partition = topic.partitions.emplace_back();
        partition.partition = p;
        partition.fetch_offset = 1000 * p;
        partition.partition_max_bytes = 1048576;
    }
    return req;
}

fetch_response make_fetch_response() {
    fetch_response resp;
    auto& topic = resp.responses.emplace_back();
    topic.topic = "bench-topic";
    for (int p = 0; p < k_partition_count; ++p) {
        auto& partition = topic.partitions.emplace_back();
        partition.partition_index = p;
        partition.high_watermark = 1000 * p + 100;
        partition.last_stable_offset = partition.high_watermark;
        partition.log_start_offset = 0;
        partition.records = batch_for(p);
    }
    return resp;
}

// The message as a broker receives it: one contiguous frame read from the socket.
template <class T>
iobuf received_frame(const T& message, int16_t version) {
    writer w;
    message.encode(w, version);
    return iobuf::copy_of(w.take().linearize());
}

template <class T>
void encode_loop(benchmark::State& state, const T& message) {
    const auto version = static_cast<int16_t>(state.range(0));
    std::size_t size_bytes = 0;
    for (auto _ : state) {
        writer w;
        message.encode(w, version);
        iobuf out = w.take();
        size_bytes = out.size_bytes();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size_bytes));
}

template <class T>
void decode_loop(benchmark::State& state, const T& message) {
    const auto version = static_cast<int16_t>(state.range(0));
    const iobuf frame = received_frame(message, version);
    for (auto _ : state) {
        reader r(frame);
        T decoded;
        const bool ok = decoded.decode(r, version).has_value();
        if (!ok) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(decoded);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame.size_bytes()));
}

void produce_request_decode(benchmark::State& state) { decode_loop(state, make_produce()); }
void produce_request_encode(benchmark::State& state) { encode_loop(state, make_produce()); }
void fetch_request_decode(benchmark::State& state) { decode_loop(state, make_fetch_request()); }
void fetch_request_encode(benchmark::State& state) { encode_loop(state, make_fetch_request()); }
void fetch_response_decode(benchmark::State& state) { decode_loop(state, make_fetch_response()); }
void fetch_response_encode(benchmark::State& state) { encode_loop(state, make_fetch_response()); }

// Produce v7 and Fetch v11 are what librdkafka 2.0.2 sends; v9/v12 are the first flexible ones.
BENCHMARK(produce_request_decode)->Arg(7)->Arg(9);
BENCHMARK(produce_request_encode)->Arg(7)->Arg(9);
BENCHMARK(fetch_request_decode)->Arg(11)->Arg(12);
BENCHMARK(fetch_request_encode)->Arg(11)->Arg(12);
BENCHMARK(fetch_response_decode)->Arg(11)->Arg(12);
BENCHMARK(fetch_response_encode)->Arg(11)->Arg(12);

template <uint32_t (*extend)(uint32_t, const void*, std::size_t)>
void crc32c_loop(benchmark::State& state) {
    const auto data = pseudo_random_bytes(static_cast<std::size_t>(state.range(0)), 7);
    uint32_t crc = 0;
    for (auto _ : state) {
        crc = extend(0, data.data(), data.size());
        benchmark::DoNotOptimize(crc);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}

void crc32c_hardware(benchmark::State& state) {
    if (!crc32c::hardware_available()) {
        state.SkipWithError("no SSE4.2 crc32 instruction");
        return;
    }
    crc32c_loop<crc32c::extend_hardware>(state);
}
void crc32c_portable(benchmark::State& state) { crc32c_loop<crc32c::extend_portable>(state); }

BENCHMARK(crc32c_hardware)->Arg(4096)->Arg(16 * 1024)->Arg(1024 * 1024);
BENCHMARK(crc32c_portable)->Arg(4096)->Arg(16 * 1024)->Arg(1024 * 1024);

}  // namespace
}  // namespace sb::protocol

BENCHMARK_MAIN();

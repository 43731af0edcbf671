// Round trips per second of ApiVersions + Metadata against a real broker over loopback:
// the cost of the request path itself (framing, header decode, dispatch, encode), which
// every client pays on connect and on every metadata refresh.
//
//   make bench   (or: build/bench/bench/kafka/kafka_roundtrip_bench)
#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker_process.h"
#include "protocol/messages/api_versions.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/request_header.h"
#include "protocol/writer.h"

namespace {

std::unique_ptr<sb::bench::broker_process> g_broker;

// A size-prefixed request frame: header v2 (both requests are flexible at these versions).
template <class Request>
std::vector<uint8_t> frame(const Request& req, int16_t version, int32_t correlation_id) {
    sb::protocol::request_header header;
    header.api_key = Request::api_key;
    header.api_version = version;
    header.correlation_id = correlation_id;
    header.client_id = "streambus-bench";
    sb::protocol::writer w;
    header.encode(w, 2);
    req.encode(w, version);
    std::vector<uint8_t> body = w.take().linearize();
    std::vector<uint8_t> out(4);
    uint32_t n = htonl(static_cast<uint32_t>(body.size()));
    std::memcpy(out.data(), &n, 4);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

void send_all(int fd, const std::vector<uint8_t>& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send failed");
        sent += static_cast<std::size_t>(n);
    }
}

void recv_exact(int fd, uint8_t* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::recv(fd, out + got, size - got, 0);
        if (n <= 0) throw std::runtime_error("connection closed by the broker");
        got += static_cast<std::size_t>(n);
    }
}

// Reads one response frame and returns its size (the body is discarded).
std::size_t read_response(int fd, std::vector<uint8_t>& scratch) {
    uint8_t size_bytes[4];
    recv_exact(fd, size_bytes, 4);
    uint32_t n;
    std::memcpy(&n, size_bytes, 4);
    n = ntohl(n);
    scratch.resize(n);
    recv_exact(fd, scratch.data(), n);
    return n;
}

void BM_ApiVersionsThenMetadata(benchmark::State& state) {
    int fd = g_broker->connect_client();
    sb::protocol::api_versions_request api_versions;
    api_versions.client_software_name = "streambus-bench";
    api_versions.client_software_version = "1";
    sb::protocol::metadata_request metadata;  // all topics
    metadata.topics = std::nullopt;
    const auto av = frame(api_versions, 3, 1);
    const auto md = frame(metadata, 12, 2);
    std::vector<uint8_t> scratch;
    std::size_t bytes = 0;
    for (auto _ : state) {
        send_all(fd, av);
        bytes += read_response(fd, scratch);
        send_all(fd, md);
        bytes += read_response(fd, scratch);
    }
    ::close(fd);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
    state.counters["round_trips_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * 2, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ApiVersionsThenMetadata)->UseRealTime()->Threads(1)->Threads(4)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const char* bin = std::getenv("STREAMBUS_BIN");
    g_broker = std::make_unique<sb::bench::broker_process>(bin ? bin : SB_STREAMBUS_BIN, 2);
    benchmark::RunSpecifiedBenchmarks();
    g_broker.reset();
    benchmark::Shutdown();
    return 0;
}

#pragma once
// One raw-driver consumer: a connection that long-polls Fetch v12 for its partitions
// from the run's start offsets, reads each record's send time through the broker's own
// RecordBatch v2 reader, and records end-to-end latency. Runs as a coroutine on one
// worker's io_context and records into that worker's recorder.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "loadgen/core/recorder.h"
#include "loadgen/drivers/run_plan.h"
#include "protocol/messages/fetch.h"

namespace sb::loadgen {

// How long the broker may hold a Fetch with nothing new (Kafka's fetch.max.wait.ms is 500;
// shorter here so that the end of a run is noticed sooner).
inline constexpr int32_t k_fetch_max_wait_ms = 100;
inline constexpr int32_t k_fetch_partition_max_bytes = 1 << 20;
inline constexpr int32_t k_fetch_max_bytes = 50 << 20;

class raw_consumer {
public:
    raw_consumer(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint broker, run_progress& progress,
                 recorder& figures, std::string topic, std::vector<int32_t> partitions, std::vector<int64_t> offsets);

    // Fetches until progress.stop_consumers is set.
    boost::asio::awaitable<void> run();

private:
    protocol::fetch_request next_request() const;
    // Reads the records of one partition's answer; false when it holds something broken.
    bool take(std::size_t slot, const protocol::fetch_response::partition_data& data);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::ip::tcp::endpoint broker_;
    run_progress& progress_;
    recorder& figures_;
    std::string topic_;
    std::vector<int32_t> partitions_;
    std::vector<int64_t> offsets_;  // next offset to read, per partition
    int32_t next_correlation_id_ = 1;
};

}  // namespace sb::loadgen

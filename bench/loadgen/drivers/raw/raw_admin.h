#pragma once
// The raw driver's set-up over one blocking connection: create the topic when missing
// (Metadata v12, CreateTopics v7) and read where each partition ends (ListOffsets v7).

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "base/result.h"

namespace sb::loadgen {

class raw_admin {
public:
    // Connects to `brokers` (HOST:PORT); "cannot reach the broker at ..." otherwise.
    static result<std::unique_ptr<raw_admin>, std::string> connect(const std::string& brokers);

    // Creates `topic` with `partitions` partitions unless it exists; an existing topic
    // must have that many.
    result<void, std::string> ensure_topic(const std::string& topic, int partitions);
    // The high watermark of each partition 0 .. partitions-1.
    result<std::vector<int64_t>, std::string> end_offsets(const std::string& topic, int partitions);

    const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }

private:
    raw_admin() : socket_(io_) {}
    template <class Response, class Request>
    result<Response, std::string> call(const Request& request, int16_t version);
    // Partitions of `topic` the broker reports; 0 when it does not know the topic.
    result<int, std::string> partition_count(const std::string& topic);

    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::string brokers_;
    int32_t next_correlation_id_ = 1;
};

}  // namespace sb::loadgen

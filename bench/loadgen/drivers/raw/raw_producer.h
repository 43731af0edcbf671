#pragma once
// One raw-driver producer: a connection on which Produce v9 requests are pipelined (up
// to k_max_in_flight_requests unanswered, as Kafka clients allow by default), each
// carrying every message that fell due since the last one, built with the broker's own
// RecordBatch v2 code. Runs as a coroutine on one worker's io_context and records into
// that worker's recorder; it is touched by no other thread.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "loadgen/core/payload.h"
#include "loadgen/core/rate_schedule.h"
#include "loadgen/core/recorder.h"
#include "loadgen/drivers/run_plan.h"
#include "protocol/messages/produce.h"

namespace sb::loadgen {

inline constexpr std::size_t k_max_in_flight_requests = 5;
// A request carries at most this much payload; what is due beyond it waits for the next.
// Unkeyed messages of a request form one batch, which must stay under the broker's
// max.message.bytes (1 MB by default, as in Kafka).
inline constexpr std::size_t k_max_request_payload_bytes = 512u << 10;

class raw_producer {
public:
    raw_producer(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint broker, const run_plan& plan,
                 const run_timeline& timeline, run_progress& progress, recorder& figures, std::string topic,
                 unsigned index);

    // Connects, sends the timetable, waits for the last acknowledgement, closes.
    boost::asio::awaitable<void> run();

private:
    struct pending_partition {
        int32_t partition;
        std::vector<int64_t> due_ns;  // one per message, in order
    };
    struct pending_request {
        int32_t correlation_id;
        std::vector<pending_partition> partitions;
    };

    boost::asio::awaitable<void> send_open_loop();
    boost::asio::awaitable<void> send_closed_loop();
    // Sends `count` messages; message i is due at due(i).
    template <class DueOf>
    boost::asio::awaitable<void> send_request(uint64_t count, DueOf due);
    boost::asio::awaitable<void> read_responses();
    // Records the outcome of every message of `request` from its response.
    void settle(const pending_request& request, const protocol::produce_response& response);
    // Waits until a response arrives (or `deadline_ns` passes).
    boost::asio::awaitable<void> wait_for_response(int64_t deadline_ns = INT64_MAX);
    boost::asio::awaitable<void> wait_until(int64_t when_ns);
    void fail_pending(const std::string& why);
    int32_t partition_for(const std::optional<std::string_view>& key);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::ip::tcp::endpoint broker_;
    boost::asio::steady_timer pace_timer_;
    boost::asio::steady_timer response_signal_;
    const run_plan& plan_;
    const run_timeline& timeline_;
    run_progress& progress_;
    recorder& figures_;
    std::string topic_;
    unsigned index_;
    rate_schedule schedule_;
    std::vector<uint8_t> payload_;
    key_generator keys_;
    uint64_t max_messages_per_request_;
    int32_t sticky_partition_;
    int32_t next_correlation_id_ = 1;
    std::deque<pending_request> pending_;
    uint64_t outstanding_messages_ = 0;
    bool broken_ = false;  // the connection failed: nothing more is sent
    bool done_ = false;    // every response is in: the reader may stop
};

}  // namespace sb::loadgen

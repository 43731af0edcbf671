#pragma once
// One client connection: reads size-prefixed request frames, hands each to the shard's
// request_handler, writes the answers back in request order.
//
// Three kinds of coroutine share it: the reader (run(): reads a frame, starts its
// handler, waits for the request's ordered stage to end, reads the next), one handler
// coroutine per request in flight, and the writer (writes finished answers oldest
// first). They wait for each other through one timer that never expires (`changed_`):
// whoever changes the shared state cancels it, and every waiter re-checks its condition.
// request_handler.h describes the contract with the handler.
//
// Owned by its shard (all members touched only on that shard's thread). Kept alive by
// the coroutines that run it (shared_from_this); the shard's connection registry holds
// weak references for shutdown.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/inflight_requests.h"
#include "net/request_handler.h"
#include "net/server_config.h"

namespace sb::net {

class connection : public std::enable_shared_from_this<connection> {
public:
    // `idle_timeout_ms` is connections.max.idle.ms as it is now; it may change while the
    // connection is open (SIGHUP), and the server then calls idle_timeout_changed().
    connection(boost::asio::ip::tcp::socket socket, connection_info info, const server_config& config,
               const std::atomic<int64_t>& idle_timeout_ms, request_handler& handler);

    const connection_info& info() const { return info_; }

    // Serves the connection until the peer closes, an error, a protocol violation, the
    // idle timeout, or shutdown; returns once the socket is closed and every handler it
    // started has finished.
    boost::asio::awaitable<void> run();

    // Graceful stop: reads no further request and closes at once when none is in flight;
    // otherwise closes once the answers of those in flight have been written.
    void begin_shutdown();

    // Re-arms the idle watchdog with the current idle timeout (on this connection's shard).
    void idle_timeout_changed();

private:
    using clock = std::chrono::steady_clock;

    // Reads exactly `size` bytes, noting activity on every chunk so that a slow sender
    // is not mistaken for an idle one. Returns false on EOF or error.
    boost::asio::awaitable<bool> read_exact(uint8_t* data, std::size_t size);
    // Reads requests and starts their handlers until reading stops.
    boost::asio::awaitable<void> read_requests();
    void start_handler(std::shared_ptr<inflight_request> request, sb::iobuf frame);
    boost::asio::awaitable<void> write_answers();
    // Waits until something of the shared state changes (or close()).
    boost::asio::awaitable<void> wait_for_change();
    void notify_change();
    void stop_reading();
    boost::asio::awaitable<bool> write_response(sb::iobuf response, std::vector<file_splice> splices);
    boost::asio::awaitable<bool> write_bytes(const sb::iobuf& bytes, std::size_t from, std::size_t to);
    boost::asio::awaitable<bool> send_file(const file_splice& splice);
    boost::asio::awaitable<void> idle_watchdog();
    void close();

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer idle_timer_;
    boost::asio::steady_timer changed_;
    connection_info info_;
    const server_config& config_;
    const std::atomic<int64_t>& idle_timeout_ms_;
    request_handler& handler_;
    clock::time_point last_activity_;
    inflight_requests inflight_;
    std::size_t running_handlers_ = 0;
    bool reading_stopped_ = false;  // no request is read any more (the reader may still be returning)
    bool reader_done_ = false;
    bool writer_done_ = false;
    bool closed_ = false;
};

}  // namespace sb::net

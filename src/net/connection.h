#pragma once
// One client connection: reads size-prefixed request frames, hands each to the shard's
// request_handler, writes the answers back in request order.
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

    // Runs the read-handle-write loop until the peer closes, an error, a protocol
    // violation, the idle timeout, or shutdown.
    boost::asio::awaitable<void> run();

    // Graceful stop: closes at once unless a request is being handled; then closes after
    // its answer has been written.
    void begin_shutdown();

    // Re-arms the idle watchdog with the current idle timeout (on this connection's shard).
    void idle_timeout_changed();

private:
    using clock = std::chrono::steady_clock;

    // Reads exactly `size` bytes, noting activity on every chunk so that a slow sender
    // is not mistaken for an idle one. Returns false on EOF or error.
    boost::asio::awaitable<bool> read_exact(uint8_t* data, std::size_t size);
    boost::asio::awaitable<bool> write_response(sb::iobuf response, std::vector<file_splice> splices);
    boost::asio::awaitable<bool> write_bytes(const sb::iobuf& bytes, std::size_t from, std::size_t to);
    boost::asio::awaitable<bool> send_file(const file_splice& splice);
    boost::asio::awaitable<void> idle_watchdog();
    void close();

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer idle_timer_;
    connection_info info_;
    const server_config& config_;
    const std::atomic<int64_t>& idle_timeout_ms_;
    request_handler& handler_;
    clock::time_point last_activity_;
    bool request_in_progress_ = false;
    bool shutting_down_ = false;
    bool closed_ = false;
};

}  // namespace sb::net

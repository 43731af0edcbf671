#pragma once
// The Kafka listener: accepts on shard 0 and spreads connections over all shards round
// robin; each connection then lives on its shard for good.
//
// Lifecycle: construct with a started shard_pool, listen() (binds; errors are returned,
// e.g. address in use), then stop() from any thread begins the graceful shutdown:
// no new connections, idle connections closed, busy ones closed after their current
// request. wait_for_connections_closed() waits for that with a deadline.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "base/result.h"
#include "net/connection.h"
#include "net/request_handler.h"
#include "net/server_config.h"
#include "net/shard_pool.h"

namespace sb::net {

class tcp_server {
public:
    tcp_server(shard_pool& shards, server_config config, const request_handler_factory& make_handler);
    ~tcp_server();
    tcp_server(const tcp_server&) = delete;
    tcp_server& operator=(const tcp_server&) = delete;

    // Binds and starts accepting. On failure returns a message naming the address and cause.
    sb::result<void, std::string> listen();
    // The bound address (the real port when the config asked for port 0).
    endpoint local_endpoint() const;

    void stop();
    // True when every connection closed before the deadline.
    bool wait_for_connections_closed(std::chrono::milliseconds deadline);

    int64_t open_connections() const { return open_connections_.load(std::memory_order_relaxed); }

    // Any thread. The limits that can change at run time (SIGHUP). A new maximum applies
    // to the next connection accepted (connections already open stay open); a new idle
    // timeout applies at once to every open connection.
    void set_max_connections(int64_t max_connections);
    void set_idle_timeout_ms(int64_t idle_timeout_ms);

private:
    // Everything one shard owns; touched only on that shard's thread.
    struct shard_state {
        std::unique_ptr<request_handler> handler;
        std::unordered_map<uint64_t, std::weak_ptr<connection>> connections;
    };

    boost::asio::awaitable<void> accept_loop();
    void start_connection(unsigned shard, boost::asio::ip::tcp::socket socket);

    shard_pool& shards_;
    server_config config_;
    std::vector<std::unique_ptr<shard_state>> shard_states_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::atomic<int64_t> open_connections_{0};
    // The dynamic limits (their start values come from config_).
    std::atomic<int64_t> max_connections_;
    std::atomic<int64_t> idle_timeout_ms_;
    std::atomic<uint64_t> next_connection_id_{1};
    std::atomic<bool> stopping_{false};
    unsigned next_shard_ = 0;  // accept loop only
};

}  // namespace sb::net

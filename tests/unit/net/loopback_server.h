#pragma once
// For the network layer's tests: a tcp_server on a loopback port with a test handler,
// and a blocking client socket that sends raw bytes or size-prefixed frames and reads
// response frames with a timeout.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <memory>
#include <string>

#include "net/shard_pool.h"
#include "net/tcp_server.h"

namespace sb::net::testing {

using namespace std::chrono_literals;

class client {
public:
    explicit client(uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~client() { ::close(fd_); }
    bool connected() const { return connected_; }

    void send_raw(const std::string& bytes) { ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }
    static std::string frame(const std::string& body) {
        uint32_t n = htonl(static_cast<uint32_t>(body.size()));
        return std::string(reinterpret_cast<const char*>(&n), 4) + body;
    }
    void send_frame(const std::string& body) { send_raw(frame(body)); }

    // Reads one response frame; empty optional when the server closed the connection or
    // nothing arrived within the timeout.
    std::optional<std::string> read_frame(std::chrono::milliseconds timeout = 5000ms) {
        std::string size_bytes;
        if (!read_exact(4, size_bytes, timeout)) return std::nullopt;
        uint32_t n;
        std::memcpy(&n, size_bytes.data(), 4);
        std::string body;
        if (!read_exact(ntohl(n), body, timeout)) return std::nullopt;
        return body;
    }

    // True when the server closes the connection within the timeout.
    bool closed_by_server(std::chrono::milliseconds timeout = 5000ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
        char c;
        return ::recv(fd_, &c, 1, 0) == 0;
    }

private:
    bool read_exact(std::size_t n, std::string& out, std::chrono::milliseconds timeout) {
        out.resize(n);
        std::size_t got = 0;
        while (got < n) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
            ssize_t r = ::recv(fd_, out.data() + got, n - got, 0);
            if (r <= 0) return false;
            got += static_cast<std::size_t>(r);
        }
        return true;
    }
    int fd_ = -1;
    bool connected_ = false;
};

// Starts a server on an ephemeral loopback port; stops it (gracefully, then the shards)
// when destroyed or by stop().
class loopback_server {
public:
    ~loopback_server() { stop(); }

    void start(server_config config, const request_handler_factory& make_handler, unsigned shard_count = 2) {
        config.listen = {"127.0.0.1", 0};
        shards_ = std::make_unique<shard_pool>(shard_count);
        server_ = std::make_unique<tcp_server>(*shards_, config, make_handler);
        auto listening = server_->listen();
        ASSERT_TRUE(listening) << listening.error();
        port_ = server_->local_endpoint().port;
        shards_->start();
    }
    void stop() {
        if (server_) {
            server_->stop();
            server_->wait_for_connections_closed(5000ms);
        }
        if (shards_) {
            shards_->stop();
            shards_->join();
        }
        server_.reset();
        shards_.reset();
    }
    tcp_server& server() { return *server_; }
    uint16_t port() const { return port_; }

private:
    std::unique_ptr<shard_pool> shards_;
    std::unique_ptr<tcp_server> server_;
    uint16_t port_ = 0;
};

}  // namespace sb::net::testing

#pragma once
// The HTTP admin listener (Boost.Beast): health probes, Prometheus metrics and the JSON
// admin API under /v1/. Admin traffic is light, so the server runs on one shard's event
// loop (shard 0); routes that need data from other shards ask for it by message.
//
// Routes are registered before listen(). A request for an unknown path gets 404, a known
// path with the wrong method 405 (with an Allow header); both with a JSON error body.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "base/result.h"
#include "net/endpoint.h"

namespace sb::http {

struct response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string allow;  // the Allow header of a 405 answer
};

struct request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query string
    std::string query;   // after '?', undecoded
    std::string body;
};

using route_handler = std::function<boost::asio::awaitable<response>(const request&)>;

struct admin_server_config {
    net::endpoint listen{"127.0.0.1", 8080};
    // Largest request body accepted (admin requests are small).
    uint64_t request_body_max_bytes = 1024 * 1024;
    // Close a connection that sends nothing for this long.
    int64_t idle_timeout_ms = 60 * 1000;
    int64_t max_connections = 256;
};

class admin_server {
public:
    admin_server(boost::asio::io_context& ctx, admin_server_config config);
    ~admin_server();
    admin_server(const admin_server&) = delete;
    admin_server& operator=(const admin_server&) = delete;

    // `path` is exact, or a prefix when it ends with '/' ("/v1/topics/" matches "/v1/topics/a").
    void add_route(const std::string& method, const std::string& path, route_handler handler);

    sb::result<void, std::string> listen();
    net::endpoint local_endpoint() const;
    void stop();

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<response> dispatch(const request& req);

    boost::asio::io_context& ctx_;
    admin_server_config config_;
    boost::asio::ip::tcp::acceptor acceptor_;
    // path -> method -> handler
    std::map<std::string, std::map<std::string, route_handler>> routes_;
    int64_t open_connections_ = 0;  // touched only on ctx_'s thread
    bool stopping_ = false;
};

// A JSON error answer: {"error":"<kind>","message":"<what went wrong>"}. `kind` is a short
// machine-readable word (not_found, method_not_allowed, bad_request, ...), `message` a
// sentence for people that names the problem (the path, the bad value).
response json_error(unsigned status, const std::string& kind, const std::string& message);
// A JSON answer with status 200 (or `status`).
response json_ok(std::string body, unsigned status = 200);

}  // namespace sb::http

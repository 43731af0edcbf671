#include "http/admin_server.h"

#include <chrono>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "base/logging.h"
#include "net/listener.h"

namespace sb::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {
std::shared_ptr<spdlog::logger> log() {
    static auto logger = sb::logging::get("http");
    return logger;
}
}  // namespace

response json_error(unsigned status, const std::string& kind, const std::string& message) {
    return response{status, "application/json",
                    boost::json::serialize(boost::json::object{{"error", kind}, {"message", message}})};
}

response json_ok(std::string body, unsigned status) { return response{status, "application/json", std::move(body)}; }

admin_server::admin_server(asio::io_context& ctx, admin_server_config config)
    : ctx_(ctx), config_(std::move(config)), acceptor_(ctx) {}

admin_server::~admin_server() = default;

void admin_server::add_route(const std::string& method, const std::string& path, route_handler handler) {
    routes_[path][method] = std::move(handler);
}

sb::result<void, std::string> admin_server::listen() {
    if (auto opened = net::open_listener(acceptor_, config_.listen, asio::socket_base::max_listen_connections); !opened) {
        return opened;
    }
    asio::co_spawn(ctx_, accept_loop(), asio::detached);
    return {};
}

net::endpoint admin_server::local_endpoint() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return net::endpoint{ep.address().to_string(), ep.port()};
}

void admin_server::stop() {
    asio::post(ctx_, [this] {
        stopping_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
}

asio::awaitable<void> admin_server::accept_loop() {
    while (!stopping_) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (stopping_ || ec == asio::error::operation_aborted) break;
            log()->warn("admin accept failed: {}", ec.message());
            continue;
        }
        if (open_connections_ >= config_.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        ++open_connections_;
        asio::co_spawn(ctx_, serve_connection(std::move(socket)), [this](std::exception_ptr) { --open_connections_; });
    }
}

asio::awaitable<response> admin_server::dispatch(const request& req) {
    auto match = routes_.find(req.path);
    // A prefix route ("/v1/topics/") needs a name after its slash.
    if (match != routes_.end() && match->first.back() == '/') match = routes_.end();
    if (match == routes_.end()) {
        // Longest registered prefix route ("/v1/topics/") that covers the path.
        for (auto it = routes_.rbegin(); it != routes_.rend(); ++it) {
            if (!it->first.empty() && it->first.back() == '/' && req.path.starts_with(it->first) &&
                req.path.size() > it->first.size()) {
                match = std::prev(it.base());
                break;
            }
        }
    }
    if (match == routes_.end()) co_return json_error(404, "not_found", "no such path: " + req.path);
    auto handler = match->second.find(req.method);
    if (handler == match->second.end()) {
        std::string allowed;
        for (const auto& [method, h] : match->second) allowed += (allowed.empty() ? "" : ", ") + method;
        response r = json_error(405, "method_not_allowed",
                                "method " + req.method + " not allowed on " + req.path + "; allowed: " + allowed);
        r.allow = allowed;
        co_return r;
    }
    co_return co_await handler->second(req);
}

asio::awaitable<void> admin_server::serve_connection(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        stream.expires_after(std::chrono::milliseconds(config_.idle_timeout_ms));
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(config_.request_body_max_bytes);
        boost::system::error_code ec;
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
                bhttp::response<bhttp::string_body> too_big{bhttp::status::payload_too_large, 11};
                too_big.set(bhttp::field::content_type, "application/json");
                too_big.body() = json_error(413, "payload_too_large",
                                            "request larger than " +
                                                std::to_string(config_.request_body_max_bytes) + " bytes")
                                     .body;
                too_big.prepare_payload();
                co_await bhttp::async_write(stream, too_big, asio::redirect_error(asio::use_awaitable, ec));
            }
            break;
        }
        auto& msg = parser.get();
        request req;
        req.method = std::string(msg.method_string());
        std::string target(msg.target());
        auto q = target.find('?');
        req.path = target.substr(0, q);
        req.query = q == std::string::npos ? "" : target.substr(q + 1);
        req.body = std::move(msg.body());

        response r = co_await dispatch(req);
        bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), msg.version()};
        out.set(bhttp::field::server, "streambus");
        out.set(bhttp::field::content_type, r.content_type);
        if (!r.allow.empty()) out.set(bhttp::field::allow, r.allow);
        out.keep_alive(msg.keep_alive());
        out.body() = std::move(r.body);
        out.prepare_payload();
        co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !out.keep_alive() || stopping_) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace sb::http

#include "cli/admin_http_client.h"

#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sb::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// The admin API answers with small JSON documents; anything larger is not one of them.
constexpr std::size_t k_max_reply_body_bytes = 1 << 20;

// Runs resolve, connect, write and read as one chain on a private io_context so that
// a single deadline covers them all.
class get_exchange {
public:
    get_exchange(std::string host, std::string port, std::string target)
        : host_(std::move(host)), port_(std::move(port)), request_(http::verb::get, target, 11) {
        request_.set(http::field::host, host_);
        request_.set(http::field::user_agent, "streambus-cli");
        parser_.body_limit(k_max_reply_body_bytes);
    }

    // The reply, or why there is none.
    result<http_reply, std::string> run(int timeout_ms) {
        resolver_.async_resolve(host_, port_, [this](beast::error_code ec, asio::ip::tcp::resolver::results_type r) {
            if (ec) return finish(ec);
            stream_.async_connect(r, [this](beast::error_code ec, const asio::ip::tcp::endpoint&) {
                if (ec) return finish(ec);
                http::async_write(stream_, request_, [this](beast::error_code ec, std::size_t) {
                    if (ec) return finish(ec);
                    http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec, std::size_t) { finish(ec); });
                });
            });
        });
        io_.run_for(std::chrono::milliseconds(timeout_ms));
        if (!done_) return unexpected("no answer within " + std::to_string(timeout_ms) + " ms");
        if (error_) return unexpected(error_.message());
        return http_reply{parser_.get().result_int(), parser_.get().body()};
    }

private:
    void finish(beast::error_code ec) {
        error_ = ec;
        done_ = true;
        io_.stop();
    }

    asio::io_context io_;
    asio::ip::tcp::resolver resolver_{io_};
    beast::tcp_stream stream_{io_};
    beast::flat_buffer buffer_;
    std::string host_;
    std::string port_;
    http::request<http::empty_body> request_;
    http::response_parser<http::string_body> parser_;
    beast::error_code error_;
    bool done_ = false;
};

}  // namespace

result<http_reply, std::string> http_get(const std::string& addr, const std::string& target, int timeout_ms) {
    auto colon = addr.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == addr.size())
        return unexpected("admin address \"" + addr + "\" is not host:port");
    get_exchange exchange(addr.substr(0, colon), addr.substr(colon + 1), target);
    auto reply = exchange.run(timeout_ms);
    if (!reply) return unexpected("cannot reach the admin API at " + addr + ": " + reply.error());
    return reply;
}

}  // namespace sb::cli

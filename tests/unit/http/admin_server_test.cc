#include "http/admin_server.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace {
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

struct answer {
    unsigned status = 0;
    std::string allow;
    std::string body;
};

// One blocking HTTP/1.1 request to the server under test.
answer send(const sb::net::endpoint& at, bhttp::verb method, const std::string& target, const std::string& body = "") {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address(at.host), at.port});
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, at.host);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(socket, req);
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return answer{res.result_int(), std::string(res[bhttp::field::allow]), res.body()};
}

sb::http::route_handler replying(std::string what) {
    return [what](const sb::http::request& r) -> asio::awaitable<sb::http::response> {
        co_return sb::http::json_ok(what + " " + r.method + " " + r.path + "?" + r.query + " " + r.body);
    };
}

class AdminServer : public ::testing::Test {
protected:
    void SetUp() override {
        sb::http::admin_server_config config;
        config.listen = sb::net::endpoint{"127.0.0.1", 0};
        config.request_body_max_bytes = 64;
        server_ = std::make_unique<sb::http::admin_server>(ctx_, config);
        server_->add_route("GET", "/v1/things", replying("list"));
        server_->add_route("PUT", "/v1/things", replying("replace"));
        server_->add_route("GET", "/v1/things/", replying("one"));
        ASSERT_TRUE(server_->listen());
        at_ = server_->local_endpoint();
        loop_ = std::thread([this] { ctx_.run(); });
    }
    void TearDown() override {
        server_->stop();
        ctx_.stop();
        loop_.join();
    }

    asio::io_context ctx_;
    std::unique_ptr<sb::http::admin_server> server_;
    sb::net::endpoint at_;
    std::thread loop_;
};

TEST_F(AdminServer, RoutesExactAndPrefixPaths) {
    EXPECT_EQ(send(at_, bhttp::verb::get, "/v1/things?x=1").body, "list GET /v1/things?x=1 ");
    EXPECT_EQ(send(at_, bhttp::verb::put, "/v1/things", "{}").body, "replace PUT /v1/things? {}");
    EXPECT_EQ(send(at_, bhttp::verb::get, "/v1/things/a.b").body, "one GET /v1/things/a.b? ");
}

TEST_F(AdminServer, UnknownPathsAndWrongMethodsGetJsonErrors) {
    auto missing = send(at_, bhttp::verb::get, "/v1/thing");
    EXPECT_EQ(missing.status, 404u);
    EXPECT_EQ(boost::json::parse(missing.body),
              boost::json::parse(R"({"error":"not_found","message":"no such path: /v1/thing"})"));
    // A prefix route needs something after its slash.
    EXPECT_EQ(send(at_, bhttp::verb::get, "/v1/things/").status, 404u);

    auto wrong = send(at_, bhttp::verb::delete_, "/v1/things");
    EXPECT_EQ(wrong.status, 405u);
    EXPECT_EQ(wrong.allow, "GET, PUT");
    EXPECT_EQ(boost::json::parse(wrong.body),
              boost::json::parse(R"({"error":"method_not_allowed",)"
                                 R"("message":"method DELETE not allowed on /v1/things; allowed: GET, PUT"})"));
    EXPECT_EQ(send(at_, bhttp::verb::post, "/v1/things/x").allow, "GET");
}

TEST_F(AdminServer, OversizedBodiesGet413) {
    auto big = send(at_, bhttp::verb::put, "/v1/things", std::string(65, 'x'));
    EXPECT_EQ(big.status, 413u);
    EXPECT_EQ(boost::json::parse(big.body),
              boost::json::parse(R"({"error":"payload_too_large","message":"request larger than 64 bytes"})"));
    // The server keeps serving.
    EXPECT_EQ(send(at_, bhttp::verb::get, "/v1/things").status, 200u);
}

}  // namespace

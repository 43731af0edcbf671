// The network layer on its own: a real listener on loopback with a test handler that
// answers each frame with "<shard>:<frame bytes>", driven by blocking client sockets.
#include "net/tcp_server.h"

#include <gtest/gtest.h>

#include "loopback_server.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using sb::net::testing::client;

// An unlinked temporary file holding `text`; closed when the last reference goes.
struct temp_file {
    explicit temp_file(const std::string& text) {
        std::string path = (std::filesystem::temp_directory_path() / "streambus-net-test-XXXXXX").string();
        fd = ::mkstemp(path.data());
        ::unlink(path.c_str());
        EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }
    ~temp_file() { ::close(fd); }
    int fd = -1;
};

class echo_handler final : public sb::net::request_handler {
public:
    boost::asio::awaitable<sb::net::handler_result> handle(const sb::net::connection_info& conn, sb::iobuf frame,
                                                           sb::net::ordered_stage&) override {
        std::string body = frame.to_string();
        sb::net::handler_result out;
        if (body == "noreply") co_return out;
        if (body == "close") {
            out.close_connection = true;
            co_return out;
        }
        if (body.starts_with("file:")) {
            // "file:<text>": answers "[" + bytes 1..len-2 of a file holding <text> + "|" +
            // the whole file + "]", the file parts sent with sendfile.
            std::string text = body.substr(5);
            auto file = std::make_shared<temp_file>(text);
            out.response = sb::iobuf::copy_of(std::string_view("[|]"));
            out.file_splices.push_back({1, file->fd, 1, text.size() - 2, file});
            out.file_splices.push_back({2, file->fd, 0, text.size(), file});
            co_return out;
        }
        out.response = sb::iobuf::copy_of(std::to_string(conn.shard) + ":" + body);
        co_return out;
    }
};

class TcpServerTest : public ::testing::Test {
protected:
    void start(sb::net::server_config config, unsigned shard_count = 2) {
        loopback_.start(config, [](unsigned) { return std::make_unique<echo_handler>(); }, shard_count);
        port_ = loopback_.port();
        server_ = &loopback_.server();
    }
    void TearDown() override { loopback_.stop(); }
    sb::net::testing::loopback_server loopback_;
    sb::net::tcp_server* server_ = nullptr;
    uint16_t port_ = 0;
};

TEST_F(TcpServerTest, PipelinedRequestsAreAnsweredInOrder) {
    start({});
    client c(port_);
    ASSERT_TRUE(c.connected());
    std::string burst;
    for (int i = 0; i < 100; ++i) burst += client::frame("req-" + std::to_string(i));
    c.send_raw(burst);
    auto first = c.read_frame();
    ASSERT_TRUE(first);
    const std::string shard_prefix = first->substr(0, first->find(':') + 1);
    EXPECT_EQ(*first, shard_prefix + "req-0");
    for (int i = 1; i < 100; ++i) {
        auto r = c.read_frame();
        ASSERT_TRUE(r) << "response " << i;
        EXPECT_EQ(*r, shard_prefix + "req-" + std::to_string(i));
    }
}

TEST_F(TcpServerTest, FileSplicesAreSentInPlace) {
    start({});
    client c(port_);
    c.send_frame("file:0123456789");
    auto r = c.read_frame();
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "[12345678|0123456789]");
    // A large file goes through several sendfile calls and writable waits.
    std::string big(3 * 1024 * 1024, 'x');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 23);
    c.send_frame("file:" + big);
    auto large = c.read_frame(10000ms);
    ASSERT_TRUE(large);
    EXPECT_EQ(*large, "[" + big.substr(1, big.size() - 2) + "|" + big + "]");
    c.send_frame("after");
    auto after = c.read_frame();
    ASSERT_TRUE(after);
    EXPECT_EQ(after->substr(after->find(':') + 1), "after");
}

TEST_F(TcpServerTest, ConnectionsAreSpreadOverShards) {
    start({}, 2);
    client a(port_), b(port_);
    a.send_frame("x");
    b.send_frame("y");
    auto ra = a.read_frame(), rb = b.read_frame();
    ASSERT_TRUE(ra && rb);
    EXPECT_NE(ra->substr(0, 2), rb->substr(0, 2));  // "0:" and "1:" in some order
}

TEST_F(TcpServerTest, OversizedAndNegativeFramesCloseOnlyThatConnection) {
    sb::net::server_config config;
    config.request_max_bytes = 1024;
    start(config);
    client good(port_);
    {
        client big(port_);
        uint32_t n = htonl(1025);
        big.send_raw(std::string(reinterpret_cast<const char*>(&n), 4));
        EXPECT_TRUE(big.closed_by_server());
    }
    {
        client negative(port_);
        negative.send_raw(std::string("\xff\xff\xff\xfe", 4));
        EXPECT_TRUE(negative.closed_by_server());
    }
    {
        client at_limit(port_);
        at_limit.send_frame(std::string(1024, 'a'));
        auto r = at_limit.read_frame();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->size(), 1024u + 2);
    }
    good.send_frame("still here");
    auto r = good.read_frame();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->substr(2), "still here");
}

TEST_F(TcpServerTest, NoResponseAndCloseRequests) {
    start({});
    client c(port_);
    c.send_frame("noreply");
    c.send_frame("after");
    auto r = c.read_frame();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->substr(2), "after");
    c.send_frame("close");
    EXPECT_TRUE(c.closed_by_server());
}

TEST_F(TcpServerTest, IdleConnectionsAreClosedButSlowSendersAreNot) {
    sb::net::server_config config;
    config.idle_timeout_ms = 300;
    start(config);
    client idle(port_);
    client slow(port_);
    // The slow client sends one byte every 100 ms: never idle for 300 ms.
    std::string f = client::frame("slowly");
    for (char ch : f) {
        slow.send_raw(std::string(1, ch));
        std::this_thread::sleep_for(100ms);
    }
    auto r = slow.read_frame();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->substr(2), "slowly");
    EXPECT_TRUE(idle.closed_by_server(3000ms));
}

TEST_F(TcpServerTest, ConnectionLimitRefusesExtraConnections) {
    sb::net::server_config config;
    config.max_connections = 1;
    start(config);
    client first(port_);
    first.send_frame("a");
    ASSERT_TRUE(first.read_frame());
    client second(port_);
    EXPECT_TRUE(second.closed_by_server());
    first.send_frame("b");
    auto r = first.read_frame();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->substr(2), "b");
}

TEST_F(TcpServerTest, StopClosesIdleConnectionsAndRefusesNewOnes) {
    start({});
    client c(port_);
    c.send_frame("a");
    ASSERT_TRUE(c.read_frame());
    server_->stop();
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_TRUE(server_->wait_for_connections_closed(5000ms));
    EXPECT_EQ(server_->open_connections(), 0);
}

}  // namespace

// Pipelined requests on one connection (net/request_handler.h): handlers run
// concurrently once they end their ordered stage, answers still go out in request order,
// the in-flight limits hold the socket back, and close_connection, shutdown and a client
// that goes away mid-pipeline leave nothing answered that should not be and nothing
// running after the server has stopped.
//
// The test handler is scripted by the frame's text:
//   "echo:<text>"         answers <text> at once (the whole request is its ordered stage);
//   "wait:<gate>[:<pad>]" ends its ordered stage, waits until <gate> is open, answers <gate>;
//   "hold:<gate>"         waits until <gate> is open without ending its stage, answers <gate>;
//   "seen:<gate>"         answers "open" or "shut": the state of <gate> when it started;
//   "open:<gate>"         opens <gate> and answers "opened <gate>";
//   "waitclose:<gate>"    like wait, then answers "bye" and asks for the connection to close;
//   "noreply"             no answer (like Produce with acks=0).
// Gates can also be opened by the test itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "loopback_server.h"

namespace {

using namespace std::chrono_literals;
using sb::net::testing::client;

// What every shard's handler shares with the test.
struct script_state {
    std::mutex mutex;
    std::set<std::string> open_gates;
    std::atomic<int> started{0};
    std::atomic<int> finished{0};
    std::atomic<int> running{0};
    std::atomic<int> most_running{0};

    void open(const std::string& gate) {
        std::lock_guard lock(mutex);
        open_gates.insert(gate);
    }
    bool is_open(const std::string& gate) {
        std::lock_guard lock(mutex);
        return open_gates.contains(gate);
    }
};

class scripted_handler final : public sb::net::request_handler {
public:
    explicit scripted_handler(std::shared_ptr<script_state> state) : state_(std::move(state)) {}

    boost::asio::awaitable<sb::net::handler_result> handle(const sb::net::connection_info&, sb::iobuf frame,
                                                           sb::net::ordered_stage& stage) override {
        ++state_->started;
        const int now_running = ++state_->running;
        int most = state_->most_running.load();
        while (now_running > most && !state_->most_running.compare_exchange_weak(most, now_running)) {
        }
        auto out = co_await run(frame.to_string(), stage);
        --state_->running;
        ++state_->finished;
        co_return out;
    }

private:
    static sb::net::handler_result answer(const std::string& text) {
        sb::net::handler_result out;
        out.response = sb::iobuf::copy_of(text);
        return out;
    }

    // The gate name in "<verb>:<gate>[:<padding>]".
    static std::string gate_of(const std::string& body) {
        const auto from = body.find(':') + 1;
        return body.substr(from, body.find(':', from) - from);
    }

    boost::asio::awaitable<void> until_open(const std::string& gate) {
        boost::asio::steady_timer poll(co_await boost::asio::this_coro::executor);
        while (!state_->is_open(gate)) {
            poll.expires_after(2ms);
            boost::system::error_code ec;
            co_await poll.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        }
    }

    boost::asio::awaitable<sb::net::handler_result> run(const std::string& body, sb::net::ordered_stage& stage) {
        if (body == "noreply") co_return sb::net::handler_result{};
        if (body.starts_with("echo:")) co_return answer(body.substr(5));
        if (body.starts_with("seen:")) co_return answer(state_->is_open(gate_of(body)) ? "open" : "shut");
        if (body.starts_with("open:")) {
            state_->open(gate_of(body));
            co_return answer("opened " + gate_of(body));
        }
        const std::string gate = gate_of(body);
        if (!body.starts_with("hold:")) stage.end();
        co_await until_open(gate);
        if (body.starts_with("waitclose:")) {
            auto out = answer("bye");
            out.close_connection = true;
            co_return out;
        }
        co_return answer(gate);
    }

    std::shared_ptr<script_state> state_;
};

class PipelineTest : public ::testing::Test {
protected:
    void start(sb::net::server_config config = {}) {
        loopback_.start(config, [state = state_](unsigned) { return std::make_unique<scripted_handler>(state); });
    }
    void TearDown() override {
        // Nothing may stay blocked on a gate once the test is over.
        for (const char* gate : {"a", "b", "c", "d", "g", "h"}) state_->open(gate);
        loopback_.stop();
    }
    // Waits (without a time limit of its own: ctest's bounds the test) until `n`
    // handlers have started.
    void until_started(int n) {
        while (state_->started.load() < n) std::this_thread::sleep_for(1ms);
    }
    std::string next_answer(client& c) {
        auto r = c.read_frame(10000ms);
        EXPECT_TRUE(r.has_value());
        return r.value_or("<none>");
    }

    std::shared_ptr<script_state> state_ = std::make_shared<script_state>();
    sb::net::testing::loopback_server loopback_;
};

TEST_F(PipelineTest, AnswersGoOutInRequestOrderWhenALaterRequestFinishesFirst) {
    start();
    client c(loopback_.port());
    ASSERT_TRUE(c.connected());
    // "open:g" can only run while "wait:g" is still waiting: if the connection handled
    // one request at a time, neither would ever be answered.
    c.send_raw(client::frame("wait:g") + client::frame("echo:x") + client::frame("open:g") + client::frame("noreply") +
               client::frame("echo:y"));
    EXPECT_EQ(next_answer(c), "g");
    EXPECT_EQ(next_answer(c), "x");
    EXPECT_EQ(next_answer(c), "opened g");
    EXPECT_EQ(next_answer(c), "y");
    EXPECT_EQ(state_->started.load(), 5);
    EXPECT_GE(state_->most_running.load(), 2);
}

TEST_F(PipelineTest, ARequestThatKeepsItsOrderedStageHoldsBackTheNextOne) {
    start();
    client c(loopback_.port());
    c.send_raw(client::frame("hold:h") + client::frame("seen:h"));
    until_started(1);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(state_->started.load(), 1);  // "seen:h" not started behind the held request
    state_->open("h");
    EXPECT_EQ(next_answer(c), "h");
    EXPECT_EQ(next_answer(c), "open");
}

TEST_F(PipelineTest, InflightRequestLimitStopsReadingTheSocket) {
    sb::net::server_config config;
    config.inflight_max_requests = 2;
    start(config);
    client c(loopback_.port());
    c.send_raw(client::frame("wait:a") + client::frame("wait:b") + client::frame("wait:c") + client::frame("echo:d"));
    until_started(2);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(state_->started.load(), 2);  // "wait:c" stays in the socket
    state_->open("b");                     // b finishes, but a's answer is still owed first
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(state_->started.load(), 2);
    state_->open("a");
    EXPECT_EQ(next_answer(c), "a");
    EXPECT_EQ(next_answer(c), "b");
    until_started(3);
    state_->open("c");
    EXPECT_EQ(next_answer(c), "c");
    EXPECT_EQ(next_answer(c), "d");
    EXPECT_LE(state_->most_running.load(), 2);
}

TEST_F(PipelineTest, InflightByteLimitStopsReadingButAdmitsOneLargeRequest) {
    sb::net::server_config config;
    config.inflight_max_bytes = 100;
    start(config);
    client c(loopback_.port());
    const std::string pad(50, 'p');
    c.send_raw(client::frame("wait:a:" + pad) + client::frame("wait:b:" + pad));  // 57 bytes each
    until_started(1);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(state_->started.load(), 1);  // 57 + 57 > 100
    state_->open("a");
    EXPECT_EQ(next_answer(c), "a");
    state_->open("b");
    EXPECT_EQ(next_answer(c), "b");
    // Alone, a request above the byte limit is read.
    const std::string large(1000, 'l');
    c.send_frame("echo:" + large);
    EXPECT_EQ(next_answer(c), large);
}

TEST_F(PipelineTest, CloseConnectionMidPipelineLeavesLaterRequestsUnanswered) {
    start();
    client c(loopback_.port());
    c.send_raw(client::frame("echo:first") + client::frame("waitclose:g") + client::frame("echo:after"));
    until_started(3);  // "echo:after" was read and handled before "waitclose:g" finished
    state_->open("g");
    EXPECT_EQ(next_answer(c), "first");
    EXPECT_EQ(next_answer(c), "bye");
    EXPECT_TRUE(c.closed_by_server());
}

TEST_F(PipelineTest, ShutdownWritesTheAnswersInFlightThenCloses) {
    start();
    client c(loopback_.port());
    c.send_raw(client::frame("wait:a") + client::frame("wait:b"));
    until_started(2);
    loopback_.server().stop();
    c.send_frame("echo:too late");  // read after shutdown began: not owed
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(loopback_.server().open_connections(), 1);
    state_->open("b");
    state_->open("a");
    EXPECT_EQ(next_answer(c), "a");
    EXPECT_EQ(next_answer(c), "b");
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_TRUE(loopback_.server().wait_for_connections_closed(5000ms));
    EXPECT_EQ(state_->started.load(), 2);
}

TEST_F(PipelineTest, ClientClosingMidPipelineWaitsForItsHandlers) {
    start();
    {
        client c(loopback_.port());
        c.send_raw(client::frame("wait:a") + client::frame("wait:b") + client::frame("wait:c"));
        until_started(3);
    }
    // The connection stays counted until its handlers are done (so that they never
    // outlive the server); their answers go nowhere.
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(loopback_.server().open_connections(), 1);
    state_->open("a");
    state_->open("b");
    state_->open("c");
    loopback_.server().stop();
    EXPECT_TRUE(loopback_.server().wait_for_connections_closed(5000ms));
    EXPECT_EQ(state_->finished.load(), 3);
}

TEST_F(PipelineTest, IdleTimeoutDoesNotCloseAConnectionWithRequestsInFlight) {
    sb::net::server_config config;
    config.idle_timeout_ms = 100;
    start(config);
    client c(loopback_.port());
    c.send_frame("wait:a");
    until_started(1);
    std::this_thread::sleep_for(400ms);
    state_->open("a");
    EXPECT_EQ(next_answer(c), "a");
    EXPECT_TRUE(c.closed_by_server(3000ms));  // idle afterwards
}

}  // namespace

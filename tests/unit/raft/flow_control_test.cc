// Flow control and batching: the leader's in-flight window per follower, the bound on
// uncommitted entries, and proposals between readies leaving as one append request.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::bytes;
using testing::of_kind;
using testing::paper_options;
using testing::single_node;
using testing::voters;

std::vector<payload> batches(int count, std::string_view text = "0123456789") {
    std::vector<payload> out;
    for (int i = 0; i < count; ++i) out.push_back(bytes(text));
    return out;
}

std::size_t appends_to(const std::vector<message>& messages, node_id to) {
    std::size_t n = 0;
    for (const auto& [m, req] : of_kind<append_request>(messages)) n += m.to == to ? 1 : 0;
    return n;
}

TEST(FlowControl, ProposalsBetweenReadiesLeaveAsOneRequest) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(n.raft().propose(batches(1)));
    auto appends = of_kind<append_request>(n.take().messages_now);
    ASSERT_EQ(appends.size(), 2u);
    EXPECT_EQ(appends[0].second.entries.size(), 5u);
}

TEST(FlowControl, InflightRequestsPerFollowerAreBounded) {
    options o = paper_options(1);
    o.max_append_request_bytes = 1;  // one entry per request
    o.max_inflight_append_bytes = 1 << 20;
    o.max_inflight_append_requests = 3;
    single_node n(o, voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    ASSERT_TRUE(n.raft().propose(batches(10)));
    std::vector<message> sent = n.drain();
    EXPECT_EQ(appends_to(sent, 2), 3u);
    n.step(2, 1, append_response{true, 3, 0, 0});  // two requests answered, two more leave
    EXPECT_EQ(appends_to(n.drain(), 2), 2u);
}

TEST(FlowControl, InflightBytesPerFollowerAreBounded) {
    options o = paper_options(1);
    o.max_append_request_bytes = 100;
    o.max_inflight_append_bytes = 200;
    single_node n(o, voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    // Each entry costs 10 payload bytes + 32 of framing = 42: two per request.
    ASSERT_TRUE(n.raft().propose(batches(20)));
    std::vector<message> sent = n.drain();
    std::size_t bytes_in_flight = 0;
    for (const auto& [m, req] : of_kind<append_request>(sent)) {
        if (m.to != 2) continue;
        EXPECT_LE(req.entries.size(), 2u);
        for (const entry& e : req.entries) bytes_in_flight += entry_size_bytes(e);
    }
    EXPECT_GE(bytes_in_flight, 200u);
    EXPECT_LT(bytes_in_flight, 200u + 100u);  // one request may start below the limit
}

TEST(FlowControl, HeartbeatAnswerReopensAFullWindow) {
    options o = paper_options(1);
    o.max_append_request_bytes = 1;
    o.max_inflight_append_requests = 2;
    single_node n(o, voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    ASSERT_TRUE(n.raft().propose(batches(5)));
    EXPECT_EQ(appends_to(n.drain(), 2), 2u);  // full; suppose both were lost
    n.step(2, 1, heartbeat_response{0});
    EXPECT_EQ(appends_to(n.drain(), 2), 1u);
}

TEST(FlowControl, UncommittedEntriesAreBounded) {
    options o = paper_options(1);
    o.max_uncommitted_entries = 4;
    single_node n(o, voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    ASSERT_TRUE(n.raft().propose(batches(4)));
    result<log_index> refused = n.raft().propose(batches(1));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), error_code::throttling_quota_exceeded);
    n.drain();
    n.step(2, 1, append_response{true, 5, 0, 0});
    EXPECT_TRUE(n.raft().propose(batches(1)));  // committed: room again
}

TEST(FlowControl, ProposalLimits) {
    options o = paper_options(1);
    o.max_entry_bytes = 8;
    o.max_entries_per_proposal = 2;
    single_node n(o, voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2, 3});
    EXPECT_EQ(n.raft().propose(batches(1, "123456789")).error(), error_code::message_too_large);
    EXPECT_EQ(n.raft().propose(batches(3, "1")).error(), error_code::invalid_request);
    EXPECT_EQ(n.raft().propose({}).error(), error_code::invalid_request);
    EXPECT_TRUE(n.raft().propose(batches(2, "12345678")));
}

}  // namespace
}  // namespace sb::raft

// ReadIndex (dissertation 6.4): linearizable reads confirmed by a heartbeat round.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::of_kind;
using testing::paper_options;
using testing::single_node;
using testing::voters;

std::vector<read_result> reads_of(single_node& n) {
    std::vector<read_result> out;
    while (n.raft().has_ready()) {
        ready r = n.take();
        n.persist(r);
        out.insert(out.end(), r.read_results.begin(), r.read_results.end());
    }
    return out;
}

TEST(ReadIndex, ConfirmedOnceAQuorumEchoesTheHeartbeatRound) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2});
    ASSERT_TRUE(n.raft().read_index(7));
    ASSERT_TRUE(n.raft().read_index(8));  // same round
    ready r = n.take();
    auto beats = of_kind<heartbeat_request>(r.messages_now);
    ASSERT_EQ(beats.size(), 2u);
    const uint64_t sequence = beats[0].second.read_sequence;
    EXPECT_TRUE(r.read_results.empty());
    n.step(3, 1, heartbeat_response{sequence});
    std::vector<read_result> reads = reads_of(n);
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[0].read_id, 7u);
    EXPECT_EQ(reads[0].read_index, 1);
    EXPECT_EQ(reads[0].error, error_code::none);
    EXPECT_EQ(reads[1].read_id, 8u);
}

TEST(ReadIndex, OldEchoesDoNotConfirmNewerReads) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2});
    ASSERT_TRUE(n.raft().read_index(7));
    const uint64_t sequence = of_kind<heartbeat_request>(n.take().messages_now)[0].second.read_sequence;
    n.step(2, 1, heartbeat_response{sequence - 1});
    EXPECT_TRUE(reads_of(n).empty());
}

TEST(ReadIndex, NewLeaderWaitsForItsFirstCommit) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    ASSERT_TRUE(n.raft().read_index(7));
    EXPECT_TRUE(of_kind<heartbeat_request>(n.take().messages_now).empty());
    n.step(2, 1, append_response{true, 1, 0, 0});  // the barrier commits
    auto beats = of_kind<heartbeat_request>(n.take().messages_now);
    ASSERT_EQ(beats.size(), 2u);
    n.step(2, 1, heartbeat_response{beats[0].second.read_sequence});
    std::vector<read_result> reads = reads_of(n);
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].read_index, 1);
}

TEST(ReadIndex, PendingReadsFailWhenLeadershipIsLost) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    testing::acknowledge_barrier(n, {2});
    ASSERT_TRUE(n.raft().read_index(7));
    n.drain();
    n.step(3, 2, heartbeat_request{0, 0});
    std::vector<read_result> reads = reads_of(n);
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].error, error_code::not_leader_or_follower);
}

TEST(ReadIndex, SingleVoterConfirmsAtOnceAndFollowersRefuse) {
    single_node alone(paper_options(1), voters({1}));
    alone.raft().campaign();
    alone.drain();
    ASSERT_TRUE(alone.raft().read_index(1));
    EXPECT_EQ(reads_of(alone).size(), 1u);
    single_node follower(paper_options(2), voters({1, 2, 3}));
    EXPECT_EQ(follower.raft().read_index(1).error(), error_code::not_leader_or_follower);
}

}  // namespace
}  // namespace sb::raft

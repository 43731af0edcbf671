// Pre-vote (dissertation 9.6), check-quorum and the leader lease (4.2.3): the additions
// that keep a partitioned or removed server from disrupting a healthy group.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::of_kind;
using testing::only;
using testing::paper_options;
using testing::single_node;
using testing::enable_pre_vote_and_check_quorum;
using testing::test_group;
using testing::voters;

options with_pre_vote(node_id self) {
    options o = paper_options(self);
    o.pre_vote = true;
    return o;
}

TEST(PreVote, TimeoutStartsRehearsalWithoutChangingTerm) {
    single_node n(with_pre_vote(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0});
    n.tick_until_role_changes(100);
    EXPECT_EQ(n.raft().current_role(), role::pre_candidate);
    EXPECT_EQ(n.raft().term(), 3);
    EXPECT_EQ(n.raft().voted_for(), k_no_node);
    ready r = n.take();
    EXPECT_FALSE(r.hard_state_to_persist.has_value());
    auto requests = of_kind<vote_request>(r.messages_now);  // nothing to persist first
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_TRUE(requests[0].second.pre_vote);
    EXPECT_EQ(requests[0].first.term, 4);  // the term it would campaign in
}

TEST(PreVote, GrantingChangesNoStateOnTheVoter) {
    single_node n(with_pre_vote(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0});
    n.step(2, 4, vote_request{0, 0, true});
    auto vote = only<vote_response>(n.drain());
    ASSERT_TRUE(vote);
    EXPECT_TRUE(vote->second.granted);
    EXPECT_EQ(vote->first.term, 4);
    EXPECT_EQ(n.raft().term(), 3);
    EXPECT_EQ(n.raft().voted_for(), k_no_node);
}

TEST(PreVote, MajorityOfPreVotesStartsTheRealElection) {
    single_node n(with_pre_vote(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0});
    n.raft().campaign();
    n.drain();
    n.step(2, 4, vote_response{true, true});
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    EXPECT_EQ(n.raft().term(), 4);
    auto requests = of_kind<vote_request>(n.drain());
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_FALSE(requests[0].second.pre_vote);
}

TEST(PreVote, RefusedWhenCandidateLogIsBehind) {
    single_node n(with_pre_vote(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0},
                  {testing::data_entry(1, 3)});
    n.step(2, 4, vote_request{0, 0, true});
    auto vote = only<vote_response>(n.drain());
    ASSERT_TRUE(vote);
    EXPECT_FALSE(vote->second.granted);
    EXPECT_EQ(vote->first.term, 3);
}

TEST(PreVote, PartitionedNodeDoesNotDisruptTheGroupWhenItReturns) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    const term_id term = g.raft(1).term();
    g.isolate(3);
    g.tick_all(100);  // node 3 times out again and again, alone
    EXPECT_EQ(g.raft(3).term(), term);
    g.heal();
    g.tick_all(5);
    EXPECT_EQ(g.raft(1).current_role(), role::leader);
    EXPECT_EQ(g.raft(1).term(), term);
    EXPECT_EQ(g.raft(3).leader_id(), 1);
}

TEST(CheckQuorum, LeaderThatCannotReachQuorumStepsDown) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    g.isolate(1);
    // The first check, one election timeout on, still counts the answers from before the
    // cut; the second finds none.
    g.tick_all(19);
    EXPECT_EQ(g.raft(1).current_role(), role::leader);
    g.tick_all(1);
    EXPECT_EQ(g.raft(1).current_role(), role::follower);
    EXPECT_EQ(g.raft(1).leader_id(), k_no_node);
}

TEST(CheckQuorum, LeaderWithQuorumStaysThroughTimeouts) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    g.isolate(3);
    g.tick_all(50);
    EXPECT_EQ(g.raft(1).current_role(), role::leader);
}

TEST(LeaderLease, FollowerIgnoresVoteRequestsWhileItHearsFromLeader) {
    options o = paper_options(1);
    o.check_quorum = true;
    single_node n(o, voters({1, 2, 3}), hard_state{2, k_no_node, 0});
    n.step(2, 2, heartbeat_request{0, 0});
    n.drain();
    for (int i = 0; i < o.election_timeout_ticks - 1; ++i) n.raft().tick();
    n.step(3, 3, vote_request{0, 0});
    EXPECT_TRUE(of_kind<vote_response>(n.drain()).empty());
    EXPECT_EQ(n.raft().term(), 2);
}

TEST(LeaderLease, FollowerWithoutLeaderVotes) {
    options o = paper_options(1);
    o.check_quorum = true;
    single_node n(o, voters({1, 2, 3}), hard_state{2, k_no_node, 0});
    n.step(3, 3, vote_request{0, 0});
    auto vote = only<vote_response>(n.drain());
    ASSERT_TRUE(vote);
    EXPECT_TRUE(vote->second.granted);
}

TEST(LeaderLease, LeadershipTransferVoteGoesThroughTheLease) {
    options o = paper_options(1);
    o.check_quorum = true;
    single_node n(o, voters({1, 2, 3}), hard_state{2, k_no_node, 0});
    n.step(2, 2, heartbeat_request{0, 0});
    n.drain();
    n.step(3, 3, vote_request{0, 0, false, true});
    auto vote = only<vote_response>(n.drain());
    ASSERT_TRUE(vote);
    EXPECT_TRUE(vote->second.granted);
    EXPECT_EQ(n.raft().term(), 3);
}

}  // namespace
}  // namespace sb::raft

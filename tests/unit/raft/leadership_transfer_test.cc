// Leadership transfer (dissertation 3.10): the leader brings the target up to date, sends
// it TimeoutNow, and the target wins at once, even through the others' leader lease.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::bytes;
using testing::enable_pre_vote_and_check_quorum;
using testing::test_group;

TEST(LeadershipTransfer, UpToDateTargetBecomesLeaderAtOnce) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    g.propose(1, "a");
    ASSERT_TRUE(g.raft(1).transfer_leadership(2));
    g.node(1).process_ready();
    g.sync_all();
    g.settle();
    EXPECT_EQ(g.raft(2).current_role(), role::leader);
    EXPECT_EQ(g.raft(2).term(), 2);
    EXPECT_EQ(g.raft(1).current_role(), role::follower);
    EXPECT_EQ(g.raft(1).leader_id(), 2);
}

TEST(LeadershipTransfer, WaitsForTargetToCatchUpAndRefusesProposalsMeanwhile) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    g.isolate(3);
    g.propose(1, "a");
    ASSERT_TRUE(g.raft(1).transfer_leadership(3));
    g.node(1).process_ready();
    g.settle();
    EXPECT_EQ(g.raft(1).current_role(), role::leader);  // 3 lacks "a": no TimeoutNow yet
    std::vector<payload> batch;
    batch.push_back(bytes("b"));
    result<log_index> refused = g.raft(1).propose(std::move(batch));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), error_code::not_leader_or_follower);
    g.heal();
    g.tick_all(2);  // the next heartbeat answer brings 3 up to date, then TimeoutNow
    EXPECT_EQ(g.raft(3).current_role(), role::leader);
    EXPECT_EQ(g.raft(3).last_index(), g.raft(1).last_index());
}

TEST(LeadershipTransfer, IsAbandonedAfterAnElectionTimeout) {
    test_group g(3, enable_pre_vote_and_check_quorum);
    g.elect(1);
    g.isolate(3);
    g.propose(1, "a");
    ASSERT_TRUE(g.raft(1).transfer_leadership(3));
    g.tick_all(9);
    EXPECT_EQ(g.raft(1).transfer_target(), 3);
    g.tick_all(1);
    EXPECT_EQ(g.raft(1).transfer_target(), k_no_node);
    EXPECT_EQ(g.raft(1).current_role(), role::leader);
    g.propose(1, "b");  // accepted again
}

TEST(LeadershipTransfer, RefusesTargetsThatCannotLead) {
    test_group g(3, {}, 1);
    g.elect(1);
    EXPECT_EQ(g.raft(1).transfer_leadership(1).error(), error_code::invalid_request);
    EXPECT_EQ(g.raft(1).transfer_leadership(4).error(), error_code::invalid_request);
    EXPECT_EQ(g.raft(2).transfer_leadership(3).error(), error_code::not_leader_or_follower);
}

}  // namespace
}  // namespace sb::raft

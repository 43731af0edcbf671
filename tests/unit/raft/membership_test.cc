// Membership changes one server at a time, with learners (dissertation 4.1-4.3).

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::bytes;
using testing::data_entry;
using testing::paper_options;
using testing::single_node;
using testing::test_group;
using testing::voters;

result<log_index> change(test_group& g, node_id leader, change_kind kind, node_id target) {
    result<log_index> r = g.raft(leader).propose_config_change(config_change{kind, target});
    g.node(leader).process_ready();
    g.sync_all();
    g.settle();
    return r;
}

entry config_entry(log_index index, term_id term, const configuration& config) {
    return entry{index, term, entry_kind::configuration, payload{encode_configuration(config)}};
}

TEST(Membership, LearnerReceivesTheLogButDoesNotCountForCommit) {
    test_group g(3, {}, 1);
    g.elect(1);
    ASSERT_TRUE(change(g, 1, change_kind::add_learner, 4));
    g.tick_all(2);
    EXPECT_TRUE(g.raft(4).config().is_learner(4));
    EXPECT_EQ(g.node(4).applied_index(), g.raft(1).commit_index());
    g.isolate(4);
    const log_index index = g.propose(1, "a");
    EXPECT_EQ(g.raft(1).commit_index(), index);  // 3 voters, quorum 2, learner not needed
    g.heal();
    g.cut(1, 2);
    g.cut(1, 3);
    const log_index unreplicated = g.propose(1, "b");
    EXPECT_LT(g.raft(1).commit_index(), unreplicated);  // the learner's copy is not enough
}

TEST(Membership, LearnerNeverCampaigns) {
    test_group g(3, {}, 1);
    g.elect(1);
    ASSERT_TRUE(change(g, 1, change_kind::add_learner, 4));
    g.isolate(4);
    g.tick_all(60);
    EXPECT_EQ(g.raft(4).current_role(), role::follower);
    EXPECT_EQ(g.raft(4).term(), 1);
}

TEST(Membership, PromotedLearnerVotesAndCounts) {
    test_group g(3, {}, 1);
    g.elect(1);
    ASSERT_TRUE(change(g, 1, change_kind::add_learner, 4));
    ASSERT_TRUE(change(g, 1, change_kind::promote_learner, 4));
    EXPECT_EQ(g.raft(1).config(), voters({1, 2, 3, 4}));
    EXPECT_EQ(g.raft(4).config(), voters({1, 2, 3, 4}));
    g.cut(1, 3);
    g.cut(1, 4);
    const log_index index = g.propose(1, "a");
    EXPECT_LT(g.raft(1).commit_index(), index);  // 2 of 4 is not a majority any more
    g.heal();
    g.tick_all(2);
    EXPECT_EQ(g.raft(1).commit_index(), index);
}

TEST(Membership, OneUncommittedChangeAtATime) {
    test_group g(3, {}, 2);
    g.elect(1);
    g.isolate(1);  // nothing commits
    ASSERT_TRUE(g.raft(1).propose_config_change(config_change{change_kind::add_learner, 4}));
    result<log_index> second =
        g.raft(1).propose_config_change(config_change{change_kind::add_learner, 5});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error(), error_code::reassignment_in_progress);
    EXPECT_TRUE(g.raft(1).config().is_learner(4));  // in effect once appended
}

TEST(Membership, NewLeaderChangesNothingBeforeCommittingInItsTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    result<log_index> r = n.raft().propose_config_change(config_change{change_kind::add_learner, 4});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), error_code::reassignment_in_progress);
}

TEST(Membership, InvalidChangesAreRefused) {
    test_group g(3);
    g.elect(1);
    auto refused = [&](change_kind kind, node_id id) {
        result<log_index> r = g.raft(1).propose_config_change(config_change{kind, id});
        return !r && r.error() == error_code::invalid_request;
    };
    EXPECT_TRUE(refused(change_kind::add_voter, 2));
    EXPECT_TRUE(refused(change_kind::promote_learner, 2));
    EXPECT_TRUE(refused(change_kind::remove_member, 9));
    EXPECT_TRUE(refused(change_kind::add_learner, -3));
}

TEST(Membership, RemovedLeaderStepsDownOnceTheChangeCommits) {
    test_group g(3);
    g.elect(1);
    ASSERT_TRUE(change(g, 1, change_kind::remove_member, 1));
    g.tick_all(1);
    EXPECT_EQ(g.raft(1).current_role(), role::follower);
    EXPECT_EQ(g.raft(2).config(), voters({2, 3}));
    g.tick_all(40);  // the remaining two elect a leader between them
    const node_id leader = g.raft(2).leader_id();
    EXPECT_TRUE(leader == 2 || leader == 3);
    EXPECT_EQ(g.raft(1).current_role(), role::follower);  // and 1 never campaigns again
}

TEST(Membership, TruncatedConfigurationEntryIsUndone) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 1},
                  {data_entry(1, 1)});
    n.step(2, 1, append_request{1, 1, 1, {config_entry(2, 1, voters({1, 2, 3, 4}))}});
    EXPECT_EQ(n.raft().config(), voters({1, 2, 3, 4}));
    n.step(3, 2, append_request{1, 1, 1, {data_entry(2, 2)}});
    EXPECT_EQ(n.raft().config(), voters({1, 2, 3}));
}

TEST(Membership, ConfigurationSurvivesRestart) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0});
    configuration next = voters({1, 2, 3});
    next.learners = {7};
    n.step(2, 1, append_request{0, 0, 0, {config_entry(1, 1, next)}});
    n.drain();
    raft::node restarted(paper_options(1), n.storage(), n.storage().state(), 0);
    EXPECT_EQ(restarted.config(), next);
}

}  // namespace
}  // namespace sb::raft

// Figure 2, "Persistent state on all servers ... updated on stable storage before
// responding to RPCs", and the ready contract that implements it: what must be durable
// before which message leaves, and what a restart keeps.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::bytes;
using testing::data_entry;
using testing::of_kind;
using testing::only;
using testing::paper_options;
using testing::single_node;
using testing::voters;

TEST(Persistence, VoteLeavesOnlyAfterTermAndVoteArePersisted) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 4, vote_request{0, 0});
    ready r = n.take();
    ASSERT_TRUE(r.hard_state_to_persist.has_value());
    EXPECT_EQ(*r.hard_state_to_persist, (hard_state{4, 2, 0}));
    EXPECT_TRUE(of_kind<vote_response>(r.messages_now).empty());
    auto vote = only<vote_response>(r.messages_after_persist);
    ASSERT_TRUE(vote);
    EXPECT_TRUE(vote->second.granted);
}

TEST(Persistence, AcknowledgementWaitsForItsEntries) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, append_request{0, 0, 0, {data_entry(1, 1), data_entry(2, 1)}});
    ready r = n.take();
    EXPECT_EQ(r.entries_to_persist.size(), 2u);
    EXPECT_TRUE(of_kind<append_response>(r.messages_now).empty());
    EXPECT_TRUE(only<append_response>(r.messages_after_persist));
}

TEST(Persistence, LeaderAppendRequestsLeaveBeforeItsOwnWrite) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    testing::make_leader(n, {2});
    // Both followers hold the barrier, so they are streamed to rather than probed.
    testing::acknowledge_barrier(n, {2, 3});
    std::vector<payload> batch;
    batch.push_back(bytes("a"));
    ASSERT_TRUE(n.raft().propose(std::move(batch)));
    ready r = n.take();
    ASSERT_EQ(r.entries_to_persist.size(), 1u);
    auto appends = of_kind<append_request>(r.messages_now);
    EXPECT_EQ(appends.size(), 2u);  // in parallel with the leader's own fsync
    EXPECT_TRUE(of_kind<append_request>(r.messages_after_persist).empty());
}

TEST(Persistence, LeaderElectedByItsOwnVoteWaitsForItsTermToBeDurable) {
    configuration c = voters({1});
    c.learners = {2};
    single_node n(paper_options(1), c);
    n.raft().campaign();
    ASSERT_EQ(n.raft().current_role(), role::leader);
    ready r = n.take();
    // Nobody else voted, so nothing has made term 1 durable yet: its appends must wait.
    EXPECT_TRUE(of_kind<append_request>(r.messages_now).empty());
    EXPECT_EQ(of_kind<append_request>(r.messages_after_persist).size(), 1u);
    n.persist(r);
    n.raft().tick();
    n.raft().tick();
    EXPECT_FALSE(of_kind<heartbeat_request>(n.take().messages_now).empty());
}

TEST(Persistence, RestartKeepsTermVoteAndLog) {
    single_node first(paper_options(1), voters({1, 2, 3}));
    first.step(2, 3, vote_request{0, 0});
    first.step(2, 3, append_request{0, 0, 1, {data_entry(1, 3)}});
    first.drain();
    const sim::memory_storage& disk = first.storage();
    raft::node restarted(paper_options(1), disk, disk.state(), 0);
    EXPECT_EQ(restarted.term(), 3);
    EXPECT_EQ(restarted.voted_for(), 2);
    EXPECT_EQ(restarted.last_index(), 1);
    EXPECT_EQ(restarted.commit_index(), 1);
    restarted.step(message{3, 1, 3, vote_request{5, 3}});
    auto vote = only<vote_response>(restarted.take_ready().messages_after_persist);
    ASSERT_TRUE(vote);
    EXPECT_FALSE(vote->second.granted);  // it already voted in term 3
}

TEST(Persistence, CommitIndexWrittenNeverPassesTheEntriesWrittenWithIt) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, append_request{0, 0, 5, {data_entry(1, 1), data_entry(2, 1)}});
    ready r = n.take();
    ASSERT_TRUE(r.hard_state_to_persist.has_value());
    EXPECT_EQ(r.hard_state_to_persist->commit_index, 2);
    EXPECT_EQ(r.entries_to_persist.back().index, 2);
}

TEST(Persistence, EntriesAreAppliedOnlyOnceDurableLocally) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, append_request{0, 0, 1, {data_entry(1, 1)}});
    ready r = n.take();
    EXPECT_TRUE(r.entries_to_apply.empty());  // committed, but not on our disk yet
    n.persist(r);
    ready next = n.take();
    ASSERT_EQ(next.entries_to_apply.size(), 1u);
    EXPECT_EQ(next.entries_to_apply[0].index, 1);
}

TEST(Persistence, CrashLosesOnlyWritesNotSynced) {
    testing::test_group g(3);
    g.elect(1);
    g.propose(1, "durable");
    const log_index durable_last = g.raft(2).last_index();
    g.cut(1, 2);
    g.cut(1, 3);
    std::vector<payload> batch;
    batch.push_back(bytes("lost"));
    ASSERT_TRUE(g.node(1).propose(std::move(batch)));
    EXPECT_EQ(g.node(1).pending_persists(), 1u);
    g.node(1).crash();
    g.node(1).restart();
    EXPECT_EQ(g.raft(1).last_index(), durable_last);
    EXPECT_EQ(g.raft(1).term(), 1);
}

}  // namespace
}  // namespace sb::raft

// Snapshots: suggesting when to take one, and InstallSnapshot for a follower that needs
// entries the leader already compacted (prefix truncation of the partition log).

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::data_entry;
using testing::of_kind;
using testing::only;
using testing::paper_options;
using testing::single_node;
using testing::test_group;
using testing::voters;

TEST(Snapshot, SuggestedOnceEnoughEntriesAreApplied) {
    options o = paper_options(1);
    o.snapshot_interval_entries = 3;
    single_node n(o, voters({1}));
    n.raft().campaign();  // barrier at 1
    n.drain();
    std::vector<payload> batch;
    batch.push_back(testing::bytes("a"));
    batch.push_back(testing::bytes("b"));
    ASSERT_TRUE(n.raft().propose(std::move(batch)));
    std::optional<snapshot_meta> suggested;
    while (n.raft().has_ready()) {
        ready r = n.take();
        n.persist(r);
        if (r.snapshot_to_take) suggested = r.snapshot_to_take;
    }
    ASSERT_TRUE(suggested.has_value());
    EXPECT_EQ(suggested->last_index, 3);
    EXPECT_EQ(suggested->last_term, 1);
    EXPECT_EQ(suggested->config, voters({1}));
}

TEST(Snapshot, FollowerBehindTheLogStartIsSentASnapshot) {
    test_group g(3, [](options& o) { o.snapshot_interval_entries = 5; });
    g.elect(1);
    g.isolate(3);
    for (int i = 0; i < 12; ++i) g.propose(1, "x");
    g.tick_all(1);
    ASSERT_GT(g.node(1).storage().snapshot_index(), 1);  // compacted past what 3 holds
    g.heal();
    g.tick_all(3);
    EXPECT_GT(g.node(3).storage().snapshot_index(), 1);  // installed, not replayed
    EXPECT_EQ(g.node(3).applied_index(), g.raft(1).commit_index());
    EXPECT_EQ(g.raft(3).last_index(), g.raft(1).last_index());
    EXPECT_FALSE(g.check().failed()) << g.check().violation();
}

TEST(Snapshot, AlreadyCoveredByCommitIndexIsJustAcknowledged) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 3},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    n.step(2, 1, snapshot_request{snapshot_meta{2, 1, voters({1, 2, 3})}, {}});
    ready r = n.take();
    EXPECT_FALSE(r.snapshot_to_install.has_value());
    auto ack = only<append_response>(r.messages_after_persist);
    ASSERT_TRUE(ack);
    EXPECT_TRUE(ack->second.success);
    EXPECT_EQ(ack->second.index, 3);
}

TEST(Snapshot, MatchingLogOnlyAdvancesCommit) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    n.step(2, 1, snapshot_request{snapshot_meta{2, 1, voters({1, 2, 3})}, {}});
    EXPECT_EQ(n.raft().commit_index(), 2);
    EXPECT_EQ(n.raft().last_index(), 3);  // the entry after it stays
    EXPECT_FALSE(n.take().snapshot_to_install.has_value());
}

TEST(Snapshot, ConflictingLogIsReplacedByTheSnapshot) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{2, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 2)});
    configuration next = voters({1, 2, 3, 4});
    n.step(2, 3, snapshot_request{snapshot_meta{5, 3, next}, testing::bytes("state")});
    EXPECT_EQ(n.raft().commit_index(), 5);
    EXPECT_EQ(n.raft().last_index(), 5);
    EXPECT_EQ(n.raft().config(), next);
    ready r = n.take();
    ASSERT_TRUE(r.snapshot_to_install.has_value());
    EXPECT_EQ(r.snapshot_to_install->meta.last_index, 5);
    EXPECT_EQ(r.snapshot_to_install->data.bytes().to_string(), "state");
    EXPECT_TRUE(only<append_response>(r.messages_after_persist));
    n.persist(r);
    EXPECT_EQ(n.storage().snapshot_index(), 5);
    EXPECT_EQ(n.storage().last_index(), 5);
    EXPECT_EQ(n.raft().applied_index(), 5);
}

TEST(Snapshot, LostSnapshotIsSentAgain) {
    test_group g(3, [](options& o) {
        o.snapshot_interval_entries = 5;
        o.snapshot_retry_heartbeats = 3;
    });
    g.elect(1);
    g.isolate(3);
    for (int i = 0; i < 12; ++i) g.propose(1, "x");
    g.tick_all(1);
    g.heal();
    g.drop_if([](const message& m) { return std::holds_alternative<snapshot_request>(m.body); });
    g.tick_all(3);
    EXPECT_EQ(g.node(3).storage().snapshot_index(), 0);
    EXPECT_EQ(g.raft(1).follower_progress(3)->mode, replication_mode::snapshot);
    g.drop_if(nullptr);
    g.tick_all(6);  // three heartbeat answers later the leader probes, then resends
    EXPECT_GT(g.node(3).storage().snapshot_index(), 1);
    EXPECT_EQ(g.node(3).applied_index(), g.raft(1).commit_index());
}

}  // namespace
}  // namespace sb::raft

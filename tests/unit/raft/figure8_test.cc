// Raft Figure 8, played out on five nodes: an entry of an earlier term stored on a
// majority is still not committed by counting replicas, because a later leader may
// overwrite it. With the commit rule broken on purpose, the checker sees a committed
// entry vanish from the next leader's log.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::test_group;

// One entry per append request, so a test can stop replication between two entries.
void one_entry_per_request(options& o) {
    o.max_append_request_bytes = 1;
    o.max_inflight_append_bytes = 1;
}

// Figure 8 (a) to (c): returns with S1 leading term 3, its term-1 entry at index 2 on
// S1, S2 and S3 (a majority), and its own barrier (index 3, term 3) on S1 and S2 only.
void play_until_old_entry_is_on_majority(test_group& g) {
    // (a) S1 leads term 1 and replicates index 2 to S2 only.
    g.elect(1);
    g.cut(1, 3);
    g.cut(1, 4);
    g.cut(1, 5);
    g.propose(1, "a");
    ASSERT_EQ(g.raft(2).term_at(2), 1);
    ASSERT_EQ(g.raft(3).last_index(), 1);
    // (b) S1 crashes; S5 wins term 2 with S3 and S4, appends its barrier at index 2, and
    // crashes before the barrier reaches anyone.
    g.node(1).crash();
    g.heal();
    ASSERT_TRUE(g.campaign_until_leader(5));
    g.queue().clear();
    g.sync_all();
    ASSERT_EQ(g.raft(5).term_at(2), 2);
    g.node(5).crash();
    // (c) S1 restarts and wins term 3 with S2 and S3 (S4 cannot hear it). It brings S3's
    // index 2 up to date; we stop it right after S3 acknowledges that entry.
    g.node(1).restart();
    g.cut(1, 4);
    g.cut(1, 5);
    ASSERT_TRUE(g.campaign_until_leader(1));
    ASSERT_EQ(g.raft(1).term(), 3);
    g.settle_until([&] {
        const progress* p = g.raft(1).follower_progress(3);
        return p != nullptr && p->match_index >= 2;
    });
    g.isolate(1);
    g.queue().clear();
    ASSERT_EQ(g.raft(3).term_at(2), 1);
    ASSERT_EQ(g.raft(3).last_index(), 2);
}

TEST(Figure8, EntryOfEarlierTermOnMajorityIsNotCommittedByCounting) {
    test_group g(5, one_entry_per_request);
    play_until_old_entry_is_on_majority(g);
    EXPECT_EQ(g.raft(1).commit_index(), 1);
    EXPECT_EQ(g.node(1).applied_index(), 1);
    // (d) S1 crashes again; S5 restarts and wins term 4 (its last term 2 beats S3's and
    // S4's 1) and overwrites index 2 everywhere. Nothing committed was lost.
    g.node(1).crash();
    g.heal();
    g.node(5).restart();
    ASSERT_TRUE(g.campaign_until_leader(5));
    g.settle();
    g.tick_all(3);
    for (node_id id : {2, 3, 4, 5}) EXPECT_EQ(g.raft(id).term_at(2), 2) << "node " << id;
    EXPECT_FALSE(g.check().failed()) << g.check().violation();
}

TEST(Figure8, EntryOfCurrentTermOnMajorityCommitsEarlierOnesWithIt) {
    test_group g(5, one_entry_per_request);
    play_until_old_entry_is_on_majority(g);
    // (e) S1 gets its own term-3 barrier onto a majority instead: both commit.
    g.heal();
    g.cut(1, 4);
    g.tick_all(2);
    EXPECT_EQ(g.raft(1).commit_index(), 3);
    // Now S5 can never win: S2 and S3 hold a term-3 entry, newer than anything it has.
    g.node(1).crash();
    g.heal();
    g.node(5).restart();
    EXPECT_FALSE(g.campaign_until_leader(5));
    EXPECT_FALSE(g.check().failed()) << g.check().violation();
}

TEST(Figure8, CheckerCatchesLeaderThatCommitsEarlierTermEntry) {
    test_group g(5, [](options& o) {
        one_entry_per_request(o);
        o.bugs.commit_entries_of_earlier_terms = true;
    });
    play_until_old_entry_is_on_majority(g);
    EXPECT_EQ(g.raft(1).commit_index(), 2);  // the bug: committed by counting
    EXPECT_EQ(g.node(1).applied_index(), 2);
    g.node(1).crash();
    g.heal();
    g.node(5).restart();
    g.campaign_until_leader(5);
    ASSERT_TRUE(g.check().failed());
    EXPECT_EQ(g.check().violation().rfind("leader completeness: node 5 leads term 4", 0), 0u)
        << g.check().violation();
}

}  // namespace
}  // namespace sb::raft

// Raft Figure 2, rule by rule: "Rules for Servers" (all servers, leaders) and the
// AppendEntries receiver, driving one node with hand-made messages.

#include <gtest/gtest.h>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::bytes;
using testing::data_entry;
using testing::make_leader;
using testing::of_kind;
using testing::paper_options;
using testing::single_node;
using testing::voters;

log_index propose(single_node& n, std::string_view text) {
    std::vector<payload> batch;
    batch.push_back(bytes(text));
    result<log_index> r = n.raft().propose(std::move(batch));
    EXPECT_TRUE(r.has_value());
    return r.value_or(0);
}

// --- Rules for Servers, All Servers --------------------------------------------------

TEST(Figure2AllServers, CommittedEntriesAreAppliedInOrderExactlyOnce) {
    single_node n(paper_options(1), voters({1}));
    std::vector<log_index> applied;
    auto run_readies = [&] {
        while (n.raft().has_ready()) {
            ready r = n.take();
            n.persist(r);
            for (const entry& e : r.entries_to_apply) applied.push_back(e.index);
        }
    };
    n.raft().campaign();  // the only voter: leader at once, barrier at index 1
    propose(n, "a");
    propose(n, "b");
    run_readies();
    propose(n, "c");
    run_readies();
    run_readies();
    EXPECT_EQ(applied, (std::vector<log_index>{1, 2, 3, 4}));
    EXPECT_EQ(n.raft().applied_index(), 4);
}

TEST(Figure2AllServers, HigherTermInRequestMakesFollower) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    n.step(3, 5, append_request{0, 0, 0, {}});
    EXPECT_EQ(n.raft().current_role(), role::follower);
    EXPECT_EQ(n.raft().term(), 5);
    EXPECT_EQ(n.raft().leader_id(), 3);
    EXPECT_EQ(n.raft().voted_for(), k_no_node);
}

TEST(Figure2AllServers, HigherTermInResponseMakesFollower) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    n.step(3, 7, append_response{false, 0, 0, 0});
    EXPECT_EQ(n.raft().current_role(), role::follower);
    EXPECT_EQ(n.raft().term(), 7);
    EXPECT_EQ(n.raft().leader_id(), k_no_node);
}

// --- Rules for Servers, Leaders ------------------------------------------------------

TEST(Figure2Leaders, UponElectionSendAppendEntriesToEachServer) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    auto appends = of_kind<append_request>(make_leader(n, {2}));
    ASSERT_EQ(appends.size(), 2u);
    for (const auto& [m, req] : appends) {
        EXPECT_EQ(req.prev_log_index, 0);
        ASSERT_EQ(req.entries.size(), 1u);  // the barrier of the new term
        EXPECT_EQ(req.entries[0].kind, entry_kind::barrier);
        EXPECT_EQ(req.entries[0].term, 1);
    }
}

TEST(Figure2Leaders, SendHeartbeatsDuringIdlePeriods) {
    options o = paper_options(1);
    o.heartbeat_interval_ticks = 3;
    single_node n(o, voters({1, 2, 3}));
    make_leader(n, {2});
    n.raft().tick();
    n.raft().tick();
    EXPECT_TRUE(of_kind<heartbeat_request>(n.drain()).empty());
    n.raft().tick();
    auto beats = of_kind<heartbeat_request>(n.drain());
    ASSERT_EQ(beats.size(), 2u);
    EXPECT_NE(beats[0].first.to, beats[1].first.to);
    for (int i = 0; i < 3; ++i) n.raft().tick();
    EXPECT_EQ(of_kind<heartbeat_request>(n.drain()).size(), 2u);
}

TEST(Figure2Leaders, CommandFromClientIsAppendedToLocalLog) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    const log_index index = propose(n, "set x=1");
    EXPECT_EQ(index, 2);
    EXPECT_EQ(n.raft().last_index(), 2);
    EXPECT_EQ(n.raft().term_at(2), 1);
    EXPECT_EQ(n.raft().commit_index(), 0);  // answered only once committed
}

TEST(Figure2Leaders, SendsEntriesStartingAtNextIndex) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, 1, 0},
                  {data_entry(1, 1), data_entry(2, 1)});
    auto first = of_kind<append_request>(make_leader(n, {2}));
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].second.prev_log_index, 2);  // next index starts after our log
    EXPECT_EQ(first[0].second.prev_log_term, 1);
    n.step(2, 2, append_response{true, 3, 0, 0});
    propose(n, "a");
    auto next = of_kind<append_request>(n.drain());
    ASSERT_EQ(next.size(), 1u);  // node 3 is still being probed
    EXPECT_EQ(next[0].first.to, 2);
    EXPECT_EQ(next[0].second.prev_log_index, 3);
    ASSERT_EQ(next[0].second.entries.size(), 1u);
    EXPECT_EQ(next[0].second.entries[0].index, 4);
}

TEST(Figure2Leaders, SuccessUpdatesNextIndexAndMatchIndex) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    const progress* p = n.raft().follower_progress(2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->match_index, 0);
    n.step(2, 1, append_response{true, 1, 0, 0});
    EXPECT_EQ(p->match_index, 1);
    EXPECT_EQ(p->next_index, 2);
    EXPECT_EQ(p->mode, replication_mode::replicate);
}

TEST(Figure2Leaders, RejectionMovesNextIndexBackAndRetries) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, 1, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    make_leader(n, {2});
    // Node 2 holds only index 1.
    n.step(2, 2, append_response{false, 3, 1, 1});
    auto retry = of_kind<append_request>(n.drain());
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_EQ(retry[0].second.prev_log_index, 1);
    EXPECT_EQ(retry[0].second.prev_log_term, 1);
    EXPECT_EQ(retry[0].second.entries.front().index, 2);
}

TEST(Figure2Leaders, FastBackOffSkipsEveryEntryOfAConflictingTerm) {
    // Leader: terms 1 1 1 4 4, then its barrier (term 5) at 6. The follower answers that
    // its entry at 9 has term 2 and nothing after matches: the leader's last entry with a
    // term <= 2 is index 3, so the next probe checks 3 directly instead of 9, 8, 7...
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{4, 1, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1), data_entry(4, 4),
                   data_entry(5, 4)});
    make_leader(n, {2});
    n.step(2, 5, append_response{false, 5, 9, 2});
    auto retry = of_kind<append_request>(n.drain());
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_EQ(retry[0].second.prev_log_index, 3);
    EXPECT_EQ(retry[0].second.prev_log_term, 1);
}

TEST(Figure2Leaders, StaleRejectionIsIgnored) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, 1, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    make_leader(n, {2});
    n.step(2, 2, append_response{false, 3, 1, 1});
    n.drain();
    n.step(2, 2, append_response{false, 3, 1, 1});  // the same rejection, duplicated
    EXPECT_TRUE(of_kind<append_request>(n.drain()).empty());
}

TEST(Figure2Leaders, CommitsEntryOfItsTermReplicatedOnMajority) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    const log_index index = propose(n, "a");
    n.drain();
    EXPECT_EQ(n.raft().commit_index(), 0);
    n.step(3, 1, append_response{true, index, 0, 0});
    EXPECT_EQ(n.raft().commit_index(), index);
}

TEST(Figure2Leaders, DoesNotCommitEntryOfEarlierTermByCountingReplicas) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{2, 1, 1},
                  {data_entry(1, 1), data_entry(2, 1)});
    make_leader(n, {2});  // term 3, barrier at 3
    n.step(2, 3, append_response{true, 2, 0, 0});
    EXPECT_EQ(n.raft().commit_index(), 1);  // index 2 is on a majority, but of term 1
    n.step(2, 3, append_response{true, 3, 0, 0});
    EXPECT_EQ(n.raft().commit_index(), 3);  // committing 3 commits 2 with it
}

TEST(Figure2Leaders, OwnCopyCountsOnlyOnceDurable) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    make_leader(n, {2});
    const log_index index = propose(n, "a");
    ready r = n.take();  // not persisted yet
    n.step(2, 1, append_response{true, index, 0, 0});
    EXPECT_EQ(n.raft().commit_index(), 1);  // the barrier was durable, "a" is not
    n.persist(r);
    EXPECT_EQ(n.raft().commit_index(), index);
}

// --- AppendEntries receiver ----------------------------------------------------------

TEST(Figure2AppendEntries, RefusesOlderTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{2, k_no_node, 0});
    n.step(2, 1, append_request{0, 0, 0, {data_entry(1, 1)}});
    auto acks = of_kind<append_response>(n.drain());
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_FALSE(acks[0].second.success);
    EXPECT_EQ(acks[0].first.term, 2);
    EXPECT_EQ(n.raft().last_index(), 0);
}

TEST(Figure2AppendEntries, RefusesWhenLogLacksPrevEntry) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1)});
    n.step(2, 1, append_request{2, 1, 0, {data_entry(3, 1)}});
    auto acks = of_kind<append_response>(n.drain());
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_FALSE(acks[0].second.success);
    EXPECT_EQ(acks[0].second.index, 2);
    EXPECT_EQ(acks[0].second.reject_hint_index, 1);
    EXPECT_EQ(acks[0].second.reject_hint_term, 1);
}

TEST(Figure2AppendEntries, RefusesWhenPrevEntryHasOtherTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 3), data_entry(3, 3)});
    n.step(2, 3, append_request{3, 2, 0, {}});
    auto acks = of_kind<append_response>(n.drain());
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_FALSE(acks[0].second.success);
    // Every entry after index 1 has a term newer than 2: the hint skips them all.
    EXPECT_EQ(acks[0].second.reject_hint_index, 1);
    EXPECT_EQ(acks[0].second.reject_hint_term, 1);
}

TEST(Figure2AppendEntries, ConflictingEntryIsDeletedWithAllThatFollow) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    n.step(2, 2, append_request{1, 1, 0, {data_entry(2, 2, "new")}});
    EXPECT_EQ(n.raft().last_index(), 2);
    EXPECT_EQ(n.raft().term_at(2), 2);
    ready r = n.take();
    ASSERT_EQ(r.entries_to_persist.size(), 1u);  // the disk truncates from index 2
    EXPECT_EQ(r.entries_to_persist[0].index, 2);
    n.persist(r);
    EXPECT_EQ(n.storage().last_index(), 2);
    EXPECT_EQ(n.storage().term_at(2), 2);
}

TEST(Figure2AppendEntries, OldRequestDoesNotTruncateNewerEntries) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    n.step(2, 1, append_request{0, 0, 0, {data_entry(1, 1)}});  // delayed, reordered
    EXPECT_EQ(n.raft().last_index(), 3);
    auto acks = of_kind<append_response>(n.drain());
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_TRUE(acks[0].second.success);
    EXPECT_EQ(acks[0].second.index, 1);  // only what this request proved
}

TEST(Figure2AppendEntries, AppendsEntriesNotAlreadyInLog) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1)});
    n.step(2, 1, append_request{0, 0, 0, {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)}});
    ready r = n.take();
    ASSERT_EQ(r.entries_to_persist.size(), 2u);
    EXPECT_EQ(r.entries_to_persist[0].index, 2);
    EXPECT_EQ(n.raft().last_index(), 3);
}

TEST(Figure2AppendEntries, CommitIsMinOfLeaderCommitAndLastNewEntry) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 1), data_entry(3, 1)});
    // Entries 2 and 3 are not proven by this request, so they are not committed by it.
    n.step(2, 1, append_request{0, 0, 3, {data_entry(1, 1)}});
    EXPECT_EQ(n.raft().commit_index(), 1);
    n.step(2, 1, append_request{1, 1, 9, {data_entry(2, 1)}});
    EXPECT_EQ(n.raft().commit_index(), 2);
}

}  // namespace
}  // namespace sb::raft

// Raft Figure 2, rule by rule: "Rules for Servers" (followers, candidates) and the
// RequestVote receiver, driving one node with hand-made messages.

#include <gtest/gtest.h>

#include <set>

#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::data_entry;
using testing::of_kind;
using testing::paper_options;
using testing::single_node;
using testing::voters;

// --- Rules for Servers, Followers ----------------------------------------------------

TEST(Figure2Followers, RespondToRequestVoteFromCandidates) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, vote_request{0, 0});
    auto votes = of_kind<vote_response>(n.drain());
    ASSERT_EQ(votes.size(), 1u);
    EXPECT_EQ(votes[0].first.to, 2);
    EXPECT_TRUE(votes[0].second.granted);
}

TEST(Figure2Followers, RespondToAppendEntriesFromLeaders) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, append_request{0, 0, 0, {data_entry(1, 1)}});
    auto acks = of_kind<append_response>(n.drain());
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_TRUE(acks[0].second.success);
    EXPECT_EQ(acks[0].second.index, 1);
    EXPECT_EQ(n.raft().leader_id(), 2);
}

TEST(Figure2Followers, ElectionTimeoutWithoutLeaderMakesCandidate) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    const int ticks = n.tick_until_role_changes(100);
    EXPECT_GE(ticks, 10);
    EXPECT_LT(ticks, 20);
    EXPECT_EQ(n.raft().current_role(), role::candidate);
}

TEST(Figure2Followers, ElectionTimeoutIsRandomizedBetweenTimeoutAndTwice) {
    std::set<int> seen;
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        options o = paper_options(1);
        o.random_seed = seed;
        single_node n(o, voters({1, 2, 3}));
        const int ticks = n.tick_until_role_changes(100);
        EXPECT_GE(ticks, 10);
        EXPECT_LT(ticks, 20);
        seen.insert(ticks);
    }
    EXPECT_GE(seen.size(), 5u);  // spread out, so split votes do not repeat forever
}

// Ticks a fresh node (same seed) needs before it campaigns.
int fresh_timeout_ticks() {
    single_node n(paper_options(1), voters({1, 2, 3}));
    return n.tick_until_role_changes(100);
}

TEST(Figure2Followers, AppendEntriesFromLeaderResetsElectionTimer) {
    const int timeout = fresh_timeout_ticks();
    // Already in term 1, so the messages below change no term (which would draw a new
    // random timeout).
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0});
    for (int i = 0; i < timeout - 1; ++i) n.raft().tick();
    n.step(2, 1, heartbeat_request{0, 0});
    for (int i = 0; i < timeout - 1; ++i) n.raft().tick();
    EXPECT_EQ(n.raft().current_role(), role::follower);
    n.raft().tick();
    EXPECT_EQ(n.raft().current_role(), role::candidate);
}

TEST(Figure2Followers, GrantingVoteResetsElectionTimer) {
    const int timeout = fresh_timeout_ticks();
    // Already in term 1, so the messages below change no term (which would draw a new
    // random timeout).
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0});
    for (int i = 0; i < timeout - 1; ++i) n.raft().tick();
    n.step(2, 1, vote_request{0, 0});
    ASSERT_EQ(n.raft().voted_for(), 2);
    for (int i = 0; i < timeout - 1; ++i) n.raft().tick();
    EXPECT_EQ(n.raft().current_role(), role::follower);
    n.raft().tick();
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    EXPECT_EQ(n.raft().term(), 2);
}

TEST(Figure2Followers, HigherTermWithoutLeaderOrVoteDoesNotRestartElectionTimer) {
    // A seed whose first timeout is long, so that "restarted" and "not restarted" differ.
    options o = paper_options(1);
    int timeout = 0;
    for (o.random_seed = 1; timeout < 17; ++o.random_seed) {
        single_node probe(o, voters({1, 2, 3}));
        timeout = probe.tick_until_role_changes(100);
    }
    --o.random_seed;
    single_node n(o, voters({1, 2, 3}), hard_state{1, k_no_node, 0}, {data_entry(1, 1)});
    for (int i = 0; i < timeout - 1; ++i) n.raft().tick();
    n.step(3, 2, vote_request{0, 0});  // a candidate that cannot win: refused
    EXPECT_EQ(n.raft().term(), 2);
    EXPECT_EQ(n.raft().voted_for(), k_no_node);
    // Whatever the newly drawn timeout, fewer than 2 * 10 ticks have passed in all.
    EXPECT_LE(n.tick_until_role_changes(100), 20 - (timeout - 1));
}

// --- Rules for Servers, Candidates ---------------------------------------------------

TEST(Figure2Candidates, OnConversionIncrementTermVoteForSelfAndRequestVotes) {
    single_node n(paper_options(1), voters({1, 2, 3}),
                  hard_state{4, k_no_node, 1}, {data_entry(1, 2)});
    n.raft().campaign();
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    EXPECT_EQ(n.raft().term(), 5);
    EXPECT_EQ(n.raft().voted_for(), 1);
    ready r = n.take();
    ASSERT_TRUE(r.hard_state_to_persist.has_value());
    EXPECT_EQ(*r.hard_state_to_persist, (hard_state{5, 1, 1}));
    auto requests = of_kind<vote_request>(r.messages_after_persist);
    ASSERT_EQ(requests.size(), 2u);
    for (const auto& [m, req] : requests) {
        EXPECT_EQ(m.term, 5);
        EXPECT_EQ(req.last_log_index, 1);
        EXPECT_EQ(req.last_log_term, 2);
        EXPECT_FALSE(req.pre_vote);
    }
    EXPECT_TRUE(of_kind<vote_request>(r.messages_now).empty());
}

TEST(Figure2Candidates, VotesFromMajorityMakeLeader) {
    single_node n(paper_options(1), voters({1, 2, 3, 4, 5}));
    n.raft().campaign();
    n.drain();
    n.step(2, 1, vote_response{false, true});
    EXPECT_EQ(n.raft().current_role(), role::candidate);  // 2 of 5
    n.step(2, 1, vote_response{false, true});               // a duplicate counts once
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    n.step(4, 1, vote_response{false, true});
    EXPECT_EQ(n.raft().current_role(), role::leader);
    EXPECT_EQ(n.raft().leader_id(), 1);
}

TEST(Figure2Candidates, AppendEntriesFromNewLeaderMakesFollower) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.raft().campaign();
    n.drain();
    n.step(3, 1, append_request{0, 0, 0, {}});
    EXPECT_EQ(n.raft().current_role(), role::follower);
    EXPECT_EQ(n.raft().term(), 1);
    EXPECT_EQ(n.raft().leader_id(), 3);
}

TEST(Figure2Candidates, ElectionTimeoutStartsNewElection) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.raft().campaign();
    n.drain();
    for (int i = 0; i < 19; ++i) n.raft().tick();
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    EXPECT_EQ(n.raft().term(), 2);
    EXPECT_EQ(of_kind<vote_request>(n.drain()).size(), 2u);
}

TEST(Figure2Candidates, MajorityOfRefusalsMakesFollower) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.raft().campaign();
    n.drain();
    n.step(2, 1, vote_response{false, false});
    EXPECT_EQ(n.raft().current_role(), role::candidate);
    n.step(3, 1, vote_response{false, false});
    EXPECT_EQ(n.raft().current_role(), role::follower);
    EXPECT_EQ(n.raft().term(), 1);
}

// --- RequestVote receiver ------------------------------------------------------------

TEST(Figure2RequestVote, RefusesOlderTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{3, k_no_node, 0});
    n.step(2, 2, vote_request{5, 5});
    auto votes = of_kind<vote_response>(n.drain());
    ASSERT_EQ(votes.size(), 1u);
    EXPECT_FALSE(votes[0].second.granted);
    EXPECT_EQ(votes[0].first.term, 3);
    EXPECT_EQ(n.raft().term(), 3);
}

TEST(Figure2RequestVote, GrantsAtMostOneCandidatePerTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}));
    n.step(2, 1, vote_request{0, 0});
    n.step(3, 1, vote_request{0, 0});
    n.step(2, 1, vote_request{0, 0});  // asking again gets the same answer
    auto votes = of_kind<vote_response>(n.drain());
    ASSERT_EQ(votes.size(), 3u);
    EXPECT_TRUE(votes[0].second.granted);
    EXPECT_FALSE(votes[1].second.granted);
    EXPECT_TRUE(votes[2].second.granted);
    EXPECT_EQ(n.raft().voted_for(), 2);
}

TEST(Figure2RequestVote, RefusesLogWithOlderLastTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{2, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 2)});
    n.step(2, 3, vote_request{9, 1});
    auto votes = of_kind<vote_response>(n.drain());
    ASSERT_EQ(votes.size(), 1u);
    EXPECT_FALSE(votes[0].second.granted);
    EXPECT_EQ(n.raft().voted_for(), k_no_node);
}

TEST(Figure2RequestVote, RefusesShorterLogWithSameLastTerm) {
    single_node n(paper_options(1), voters({1, 2, 3}), hard_state{1, k_no_node, 0},
                  {data_entry(1, 1), data_entry(2, 1)});
    n.step(2, 2, vote_request{1, 1});
    n.step(3, 2, vote_request{2, 1});
    auto votes = of_kind<vote_response>(n.drain());
    ASSERT_EQ(votes.size(), 2u);
    EXPECT_FALSE(votes[0].second.granted);
    EXPECT_TRUE(votes[1].second.granted);
    EXPECT_EQ(n.raft().voted_for(), 3);
}

}  // namespace
}  // namespace sb::raft

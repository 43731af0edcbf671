// Rebalances of a formed group: members joining, leaving, expiring, not rejoining, not
// syncing; and the group emptying.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class rebalance : public coordinator_fixture {};

TEST_F(rebalance, three_members_form_a_generation) {
    const auto [a, ta] = join_new(subscription({"t1"}));
    const auto [b, tb] = join_new(subscription({"t1", "t2"}));
    const auto [c, tc] = join_new(subscription({"t2"}));
    advance(2 * config.initial_rebalance_delay_ms);

    // Only the leader (the first to join) hears the members, in join order.
    const std::vector<join_member> expected = {{a, std::nullopt, subscription({"t1"})},
                                               {b, std::nullopt, subscription({"t1", "t2"})},
                                               {c, std::nullopt, subscription({"t2"})}};
    EXPECT_EQ(join_answer(ta).members, expected);
    for (ticket_id t : {ta, tb, tc}) {
        EXPECT_EQ(join_answer(t).generation_id, 1);
        EXPECT_EQ(join_answer(t).leader_id, a);
        EXPECT_EQ(join_answer(t).protocol_name, "range");
    }
    EXPECT_TRUE(join_answer(tb).members.empty());
    EXPECT_TRUE(join_answer(tc).members.empty());
    EXPECT_EQ(state(), group_state::completing_rebalance);
    EXPECT_EQ(the_group().subscribed_topics, (std::set<std::string>{"t1", "t2"}));

    // Followers wait for the leader's assignment.
    const ticket_id sb = sync(b, 1);
    EXPECT_FALSE(answered(sb));
    EXPECT_EQ(heartbeat(c, 1), error_code::none);  // heartbeats are fine meanwhile
    const ticket_id sa = sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}, {c, as_bytes("C")}});
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(sync_answer(sa).assignment, as_bytes("A"));
    EXPECT_EQ(sync_answer(sa).protocol_type, "consumer");
    EXPECT_EQ(sync_answer(sa).protocol_name, "range");
    EXPECT_EQ(sync_answer(sb).assignment, as_bytes("B"));
    // A follower that syncs after the group is stable gets its part at once.
    EXPECT_EQ(sync_answer(sync(c, 1)).assignment, as_bytes("C"));
}

TEST_F(rebalance, a_new_member_makes_everyone_rejoin) {
    const std::vector<std::string> ids = form_group(3);
    const auto [d, td] = join_new();
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    for (const std::string& id : ids) EXPECT_EQ(heartbeat(id, 1), error_code::rebalance_in_progress);
    std::vector<ticket_id> rejoins;
    for (const std::string& id : ids) rejoins.push_back(join(join_req(id)));
    // The last to rejoin completes the phase; no delay for a group that is not new.
    for (ticket_id t : rejoins) EXPECT_EQ(join_answer(t).generation_id, 2);
    EXPECT_EQ(join_answer(td).generation_id, 2);
    EXPECT_EQ(join_answer(rejoins[0]).members.size(), 4u);
    EXPECT_EQ(state(), group_state::completing_rebalance);
}

TEST_F(rebalance, members_that_do_not_rejoin_in_time_are_removed) {
    const std::vector<std::string> ids = form_group(3);
    const ticket_id t0 = join(join_req(ids[0]));
    const ticket_id t1 = join(join_req(ids[1]));
    // The third member stays alive (heartbeats) but never rejoins.
    for (int i = 0; i < 5; ++i) {
        advance(5'000);
        EXPECT_EQ(heartbeat(ids[2], 1), error_code::rebalance_in_progress);
    }
    advance(k_rebalance_timeout_ms - 25'000 - 1);
    EXPECT_FALSE(answered(t0));
    advance(1);
    EXPECT_EQ(join_answer(t0).generation_id, 2);
    EXPECT_EQ(join_answer(t1).generation_id, 2);
    EXPECT_EQ(join_answer(t0).members.size(), 2u);
    EXPECT_FALSE(the_group().has_member(ids[2]));
    EXPECT_EQ(heartbeat(ids[2], 1), error_code::unknown_member_id);
}

TEST_F(rebalance, a_leaving_member_triggers_a_rebalance) {
    const std::vector<std::string> ids = form_group(3);
    const leave_result left = leave({{ids[1], std::nullopt}});
    EXPECT_EQ(left.error, error_code::none);
    ASSERT_EQ(left.members.size(), 1u);
    EXPECT_EQ(left.members[0].error, error_code::none);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    const ticket_id t0 = join(join_req(ids[0]));
    const ticket_id t2 = join(join_req(ids[2]));
    EXPECT_EQ(join_answer(t0).generation_id, 2);
    EXPECT_EQ(join_answer(t2).generation_id, 2);
    EXPECT_EQ(join_answer(t0).members.size(), 2u);
}

TEST_F(rebalance, the_leader_leaving_passes_leadership_on_in_join_order) {
    const std::vector<std::string> ids = form_group(3);
    leave({{ids[0], std::nullopt}});
    EXPECT_EQ(the_group().leader_id(), ids[1]);
    const ticket_id t2 = join(join_req(ids[2]));
    const ticket_id t1 = join(join_req(ids[1]));
    EXPECT_EQ(join_answer(t2).leader_id, ids[1]);
    EXPECT_EQ(join_answer(t1).members.size(), 2u);
    EXPECT_TRUE(join_answer(t2).members.empty());
}

TEST_F(rebalance, the_leader_that_does_not_rejoin_is_replaced_by_one_that_did) {
    const std::vector<std::string> ids = form_group(2);
    // A follower's subscription changed: it rejoins, and the leader never does.
    const ticket_id t1 = join(join_req(ids[1], subscription({"t", "u"})));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_FALSE(answered(t1));
    heartbeat(ids[0], 1);
    advance(k_rebalance_timeout_ms);
    EXPECT_EQ(join_answer(t1).leader_id, ids[1]);
    EXPECT_EQ(join_answer(t1).members, (std::vector<join_member>{{ids[1], std::nullopt, subscription({"t", "u"})}}));
    EXPECT_FALSE(the_group().has_member(ids[0]));
}

TEST_F(rebalance, an_expired_member_is_removed_and_the_rest_rebalance) {
    const std::vector<std::string> ids = form_group(3);
    // Two members heartbeat; the third has gone silent.
    advance(k_session_timeout_ms / 2);
    EXPECT_EQ(heartbeat(ids[0], 1), error_code::none);
    EXPECT_EQ(heartbeat(ids[1], 1), error_code::none);
    advance(k_session_timeout_ms / 2 - 1);
    EXPECT_TRUE(the_group().has_member(ids[2]));
    advance(1);
    EXPECT_FALSE(the_group().has_member(ids[2]));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(heartbeat(ids[0], 1), error_code::rebalance_in_progress);
    EXPECT_EQ(heartbeat(ids[2], 1), error_code::unknown_member_id);
    join(join_req(ids[0]));
    const ticket_id t1 = join(join_req(ids[1]));
    EXPECT_EQ(join_answer(t1).generation_id, 2);
}

TEST_F(rebalance, a_member_that_never_syncs_is_removed_after_the_rebalance_timeout) {
    const auto [a, ta] = join_new();
    const auto [b, tb] = join_new();
    advance(2 * config.initial_rebalance_delay_ms);
    ASSERT_EQ(join_answer(tb).generation_id, 1);
    const ticket_id sa = sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}});
    EXPECT_EQ(sync_answer(sa).error, error_code::none);
    // b keeps heartbeating but never sends SyncGroup.
    for (int i = 0; i < 6; ++i) {
        advance(k_rebalance_timeout_ms / 6);
        heartbeat(a, 1);
        heartbeat(b, 1);
    }
    EXPECT_FALSE(the_group().has_member(b));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
}

TEST_F(rebalance, a_parked_join_keeps_an_established_member_alive) {
    const std::vector<std::string> ids = form_group(2);
    const ticket_id t0 = join(join_req(ids[0]));
    // Twice the session timeout passes; the other member heartbeats but does not rejoin.
    for (int i = 0; i < 4; ++i) {
        advance(k_session_timeout_ms / 2);
        EXPECT_EQ(heartbeat(ids[1], 1), error_code::rebalance_in_progress);
    }
    EXPECT_TRUE(the_group().has_member(ids[0]));
    EXPECT_FALSE(answered(t0));
    advance(k_rebalance_timeout_ms - 2 * k_session_timeout_ms);
    EXPECT_EQ(join_answer(t0).generation_id, 2);
    EXPECT_EQ(join_answer(t0).members.size(), 1u);
}

TEST_F(rebalance, the_last_member_leaving_empties_the_group_and_persists_it) {
    const std::vector<std::string> ids = form_group(1);
    const std::size_t records_before = persisted_log.size();
    leave({{ids[0], std::nullopt}});
    EXPECT_EQ(state(), group_state::empty);
    EXPECT_EQ(the_group().generation_id, 2);
    EXPECT_EQ(the_group().protocol_name, std::nullopt);
    EXPECT_EQ(the_group().protocol_type, "consumer");  // kept, as Kafka does
    ASSERT_EQ(persisted_log.size(), records_before + 1);
    auto stored = decode_group_value(*persisted_log.back().value);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->generation_id, 2);
    EXPECT_TRUE(stored->members.empty());
    EXPECT_EQ(stored->state_timestamp_ms, now_ms);
}

TEST_F(rebalance, rejoining_during_completing_rebalance_with_the_same_metadata_repeats_the_answer) {
    const auto [a, ta] = join_new();
    const auto [b, tb] = join_new();
    advance(2 * config.initial_rebalance_delay_ms);
    const ticket_id again_leader = join(join_req(a));
    const ticket_id again_follower = join(join_req(b));
    EXPECT_EQ(join_answer(again_leader).members, join_answer(ta).members);
    EXPECT_EQ(join_answer(again_leader).generation_id, 1);
    EXPECT_TRUE(join_answer(again_follower).members.empty());
    EXPECT_EQ(state(), group_state::completing_rebalance);
    // With other metadata it starts over; a parked SyncGroup is told to rejoin.
    const ticket_id parked_sync = sync(b, 1);
    const ticket_id changed = join(join_req(a, subscription({"other"})));
    EXPECT_EQ(sync_answer(parked_sync).error, error_code::rebalance_in_progress);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_FALSE(answered(changed));
    (void)tb;
}

TEST_F(rebalance, a_stable_follower_with_unchanged_metadata_gets_the_current_generation) {
    const std::vector<std::string> ids = form_group(2);
    const ticket_id t = join(join_req(ids[1]));
    EXPECT_EQ(join_answer(t).generation_id, 1);
    EXPECT_EQ(join_answer(t).leader_id, ids[0]);
    EXPECT_EQ(state(), group_state::stable);
    // The leader's rejoin always rebalances: it may have seen a topic change.
    join(join_req(ids[0]));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

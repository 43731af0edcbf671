// SyncGroup: errors, and the assignment becoming visible only once durable.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class sync_group : public coordinator_fixture {
protected:
    // Two members through the join phase of generation 1, nobody synced yet.
    void join_two() {
        std::tie(a, ta) = join_new();
        std::tie(b, tb) = join_new();
        advance(2 * config.initial_rebalance_delay_ms);
        ASSERT_EQ(join_answer(ta).generation_id, 1);
    }

    // Both members through the join phase, then both syncs parked on the leader's
    // assignment, whose write is held.
    void both_sync_with_write_held() {
        join_two();
        hold_persists = true;
        sb = sync(b, 1);
        sa = sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}});
    }

    ticket_id sync_with(sync_request r) {
        const ticket_id ticket = next_ticket++;
        coordinator->sync_group(ticket, r, now_ms);
        drain();
        return ticket;
    }

    std::string a, b;
    ticket_id ta = 0, tb = 0;
    ticket_id sa = 0, sb = 0;
};

TEST_F(sync_group, errors_before_any_state_check) {
    join_two();
    sync_request r{k_group, 1, a, std::nullopt, std::nullopt, std::nullopt, {}};
    sync_request no_group = r;
    no_group.group_id = "";
    EXPECT_EQ(sync_answer(sync_with(no_group)).error, error_code::invalid_group_id);
    sync_request other_group = r;
    other_group.group_id = "unknown";
    EXPECT_EQ(sync_answer(sync_with(other_group)).error, error_code::unknown_member_id);
    sync_request unknown_member = r;
    unknown_member.member_id = "nobody";
    EXPECT_EQ(sync_answer(sync_with(unknown_member)).error, error_code::unknown_member_id);
    sync_request old_generation = r;
    old_generation.generation_id = 0;
    EXPECT_EQ(sync_answer(sync_with(old_generation)).error, error_code::illegal_generation);
    sync_request other_type = r;
    other_type.protocol_type = "connect";  // v5+
    EXPECT_EQ(sync_answer(sync_with(other_type)).error, error_code::inconsistent_group_protocol);
    sync_request other_name = r;
    other_name.protocol_name = "roundrobin";
    EXPECT_EQ(sync_answer(sync_with(other_name)).error, error_code::inconsistent_group_protocol);
    EXPECT_EQ(state(), group_state::completing_rebalance);

    sync_request matching = r;
    matching.protocol_type = "consumer";
    matching.protocol_name = "range";
    matching.assignments = {{a, as_bytes("A")}};
    const sync_result& ok = sync_answer(sync_with(matching));
    EXPECT_EQ(ok.error, error_code::none);
    EXPECT_EQ(ok.assignment, as_bytes("A"));
}

TEST_F(sync_group, during_a_join_phase_members_must_rejoin) {
    const std::vector<std::string> ids = form_group(2);
    join(join_req(ids[0]));
    EXPECT_EQ(sync_answer(sync(ids[1], 1)).error, error_code::rebalance_in_progress);
}

TEST_F(sync_group, members_left_out_of_the_assignment_get_an_empty_one) {
    join_two();
    const ticket_id sb = sync(b, 1);
    sync(a, 1, {{a, as_bytes("A")}, {"stranger", as_bytes("X")}});
    EXPECT_EQ(sync_answer(sb).error, error_code::none);
    EXPECT_TRUE(sync_answer(sb).assignment.empty());
    EXPECT_EQ(state(), group_state::stable);
}

TEST_F(sync_group, the_assignment_is_answered_only_once_durable) {
    both_sync_with_write_held();
    ASSERT_EQ(held.size(), 1u);
    EXPECT_FALSE(answered(sa));
    EXPECT_FALSE(answered(sb));
    EXPECT_EQ(state(), group_state::completing_rebalance);
    // The record carries the generation with its assignment.
    ASSERT_EQ(held[0].records.size(), 1u);
    auto stored = decode_group_value(*held[0].records[0].value);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->generation_id, 1);
    EXPECT_EQ(stored->leader_id, a);
    ASSERT_EQ(stored->members.size(), 2u);
    EXPECT_EQ(stored->members[0].assignment, as_bytes("A"));
    EXPECT_EQ(stored->members[1].assignment, as_bytes("B"));
    EXPECT_EQ(stored->members[1].subscription, subscription({"t"}));

    release_held();
    EXPECT_EQ(sync_answer(sa).assignment, as_bytes("A"));
    EXPECT_EQ(sync_answer(sb).assignment, as_bytes("B"));
    EXPECT_EQ(state(), group_state::stable);
}

TEST_F(sync_group, a_failed_write_fails_the_sync_and_rebalances) {
    both_sync_with_write_held();
    release_held(error_code::not_leader_or_follower);
    EXPECT_EQ(sync_answer(sa).error, error_code::not_coordinator);
    EXPECT_EQ(sync_answer(sb).error, error_code::not_coordinator);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
}

TEST_F(sync_group, a_write_that_completes_after_a_new_rebalance_is_ignored) {
    join_two();
    hold_persists = true;
    const ticket_id sa = sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}});
    leave({{b, std::nullopt}});  // starts generation 2's join phase; a is told to rejoin
    EXPECT_EQ(sync_answer(sa).error, error_code::rebalance_in_progress);
    release_held();
    EXPECT_EQ(state(), group_state::preparing_rebalance);
}

TEST_F(sync_group, a_second_sync_supersedes_a_parked_one) {
    join_two();
    const ticket_id first = sync(b, 1);
    const ticket_id second = sync(b, 1);
    EXPECT_EQ(sync_answer(first).error, error_code::rebalance_in_progress);
    EXPECT_FALSE(answered(second));
    sync(a, 1, {{b, as_bytes("B")}});
    EXPECT_EQ(sync_answer(second).assignment, as_bytes("B"));
}

TEST_F(sync_group, a_member_leaving_while_its_sync_is_parked_is_answered) {
    join_two();
    const ticket_id sb = sync(b, 1);
    leave({{b, std::nullopt}});
    EXPECT_EQ(sync_answer(sb).error, error_code::unknown_member_id);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

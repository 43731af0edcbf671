// JoinGroup: admission errors, member ids, the first join phase, protocol selection.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class join_group : public coordinator_fixture {};

TEST_F(join_group, empty_group_id_is_invalid) {
    join_request r = join_req("");
    r.group_id = "";
    EXPECT_EQ(join_answer(join(r)).error, error_code::invalid_group_id);
    EXPECT_EQ(coordinator->group_count(), 0u);
}

TEST_F(join_group, session_timeout_outside_the_configured_range_is_refused) {
    join_request r = join_req("");
    r.session_timeout_ms = config.min_session_timeout_ms - 1;
    EXPECT_EQ(join_answer(join(r)).error, error_code::invalid_session_timeout);
    r.session_timeout_ms = config.max_session_timeout_ms + 1;
    EXPECT_EQ(join_answer(join(r)).error, error_code::invalid_session_timeout);
    r.session_timeout_ms = config.min_session_timeout_ms;
    EXPECT_EQ(join_answer(join(r)).error, error_code::member_id_required);
    r.session_timeout_ms = config.max_session_timeout_ms;
    EXPECT_EQ(join_answer(join(r)).error, error_code::member_id_required);
}

TEST_F(join_group, a_named_member_cannot_create_a_group) {
    const join_result& result = join_answer(join(join_req("someone")));
    EXPECT_EQ(result.error, error_code::unknown_member_id);
    EXPECT_EQ(result.member_id, "someone");
    EXPECT_EQ(coordinator->group_count(), 0u);
}

TEST_F(join_group, v4_new_member_gets_a_generated_id_first) {
    const join_result& result = join_answer(join(join_req("")));
    EXPECT_EQ(result.error, error_code::member_id_required);
    EXPECT_EQ(result.member_id, "client-uuid-1");
    EXPECT_EQ(result.generation_id, -1);
    // The id is pending: the group does not count it as a member yet.
    EXPECT_EQ(state(), group_state::empty);
    EXPECT_EQ(the_group().member_count(), 0u);
    EXPECT_TRUE(the_group().is_pending_member("client-uuid-1"));
}

TEST_F(join_group, first_join_waits_for_the_initial_rebalance_delay) {
    const auto [member_id, ticket] = join_new();
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_FALSE(answered(ticket));
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + config.initial_rebalance_delay_ms);

    advance(config.initial_rebalance_delay_ms - 1);
    EXPECT_FALSE(answered(ticket));
    advance(1);
    const join_result& result = join_answer(ticket);
    EXPECT_EQ(result.error, error_code::none);
    EXPECT_EQ(result.generation_id, 1);
    EXPECT_EQ(result.protocol_type, "consumer");
    EXPECT_EQ(result.protocol_name, "range");
    EXPECT_EQ(result.leader_id, member_id);
    EXPECT_EQ(result.member_id, member_id);
    EXPECT_FALSE(result.skip_assignment);
    EXPECT_EQ(result.members, (std::vector<join_member>{{member_id, std::nullopt, subscription({"t"})}}));
    EXPECT_EQ(state(), group_state::completing_rebalance);
}

TEST_F(join_group, without_member_id_required_a_new_member_joins_directly) {
    join_request r = join_req("");
    r.require_known_member_id = false;  // JoinGroup v0-v3
    r.rebalance_timeout_ms = r.session_timeout_ms;
    const ticket_id ticket = join(r);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_TRUE(the_group().has_member("client-uuid-1"));
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(ticket).member_id, "client-uuid-1");
    EXPECT_EQ(join_answer(ticket).generation_id, 1);
}

TEST_F(join_group, initial_delay_is_extended_for_each_arrival_within_the_rebalance_timeout) {
    config.initial_rebalance_delay_ms = 3'000;
    restart();
    const ticket_id first = join_new().second;  // rebalance timeout 30 s: 27 s of extensions left
    advance(2'000);
    const ticket_id second = join_new().second;
    advance(1'000);  // first delay over; someone arrived: wait another 3 s
    EXPECT_FALSE(answered(first));
    advance(2'999);
    EXPECT_FALSE(answered(first));
    advance(1);  // nobody arrived during the extension
    EXPECT_EQ(join_answer(first).generation_id, 1);
    EXPECT_EQ(join_answer(second).generation_id, 1);
    EXPECT_EQ(join_answer(first).members.size(), 2u);
}

TEST_F(join_group, initial_delay_never_outlasts_the_rebalance_timeout) {
    config.initial_rebalance_delay_ms = 3'000;
    restart();
    join_request r = join_req("");
    r.require_known_member_id = false;
    r.rebalance_timeout_ms = 5'000;  // 3 s delay + at most 2 s of extension
    const ticket_id first = join(r);
    for (int i = 0; i < 4; ++i) {
        advance(1'000);
        join(r);  // a new member every second
    }
    EXPECT_FALSE(answered(first));  // 4 s: extended once, by the 2 s left
    advance(1'000);
    EXPECT_EQ(join_answer(first).generation_id, 1);
    EXPECT_EQ(join_answer(first).members.size(), 5u);
}

TEST_F(join_group, no_initial_delay_ends_the_first_join_phase_at_the_next_tick) {
    config.initial_rebalance_delay_ms = 0;
    restart();
    const ticket_id t = join_new().second;
    EXPECT_FALSE(answered(t));
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + 1);
    advance(1);
    EXPECT_EQ(join_answer(t).generation_id, 1);
}

TEST_F(join_group, inconsistent_protocols_are_refused) {
    join_request no_type = join_req("");
    no_type.protocol_type = "";
    EXPECT_EQ(join_answer(join(no_type)).error, error_code::inconsistent_group_protocol);
    join_request no_protocols = join_req("");
    no_protocols.protocols.clear();
    EXPECT_EQ(join_answer(join(no_protocols)).error, error_code::inconsistent_group_protocol);
    EXPECT_EQ(coordinator->group_count(), 0u);  // a refused join leaves no group behind

    join_new();
    join_request other_type = join_req("");
    other_type.protocol_type = "connect";
    EXPECT_EQ(join_answer(join(other_type)).error, error_code::inconsistent_group_protocol);
    join_request other_protocol = join_req("");
    other_protocol.protocols = {{"roundrobin", {}}};
    EXPECT_EQ(join_answer(join(other_protocol)).error, error_code::inconsistent_group_protocol);
    // A known member that switches to a protocol nobody else has is refused too.
    join_request known = join_req("client-uuid-1");
    known.protocols = {{"sticky", {}}};
    EXPECT_EQ(join_answer(join(known)).error, error_code::inconsistent_group_protocol);
}

TEST_F(join_group, protocol_is_the_most_preferred_common_one_with_ties_to_the_leader) {
    auto join_with = [&](std::vector<std::string> names) {
        join_request r = join_req("");
        r.require_known_member_id = false;
        r.protocols.clear();
        for (const std::string& n : names) r.protocols.push_back({n, as_bytes(n)});
        return join(r);
    };
    // Votes: sticky 2 (second and third members), range 1 (the leader); roundrobin is not
    // supported by everyone.
    const ticket_id leader = join_with({"range", "sticky", "roundrobin"});
    join_with({"sticky", "range"});
    join_with({"sticky", "range", "roundrobin"});
    advance(2 * config.initial_rebalance_delay_ms);  // extended once for the later arrivals
    EXPECT_EQ(join_answer(leader).protocol_name, "sticky");
    ASSERT_EQ(join_answer(leader).members.size(), 3u);
    EXPECT_EQ(join_answer(leader).members[1].metadata, as_bytes("sticky"));
}

TEST_F(join_group, a_tie_goes_to_the_leaders_preference) {
    auto join_with = [&](std::vector<std::string> names) {
        join_request r = join_req("");
        r.require_known_member_id = false;
        r.protocols.clear();
        for (const std::string& n : names) r.protocols.push_back({n, {}});
        return join(r);
    };
    const ticket_id leader = join_with({"roundrobin", "range"});
    join_with({"range", "roundrobin"});
    advance(2 * config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(leader).protocol_name, "roundrobin");
}

TEST_F(join_group, group_max_size_refuses_further_members) {
    config.max_size = 2;
    restart();
    form_group(2);
    const ticket_id third = join(join_req(""));
    EXPECT_EQ(join_answer(third).error, error_code::group_max_size_reached);
    EXPECT_EQ(join_answer(third).member_id, "");
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(the_group().member_count(), 2u);
}

TEST_F(join_group, group_max_size_during_a_join_phase_counts_rejoined_members) {
    config.max_size = 2;
    restart();
    const std::vector<std::string> ids = form_group(2);
    const ticket_id leader_rejoin = join(join_req(ids[0]));  // the leader starts a rebalance
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    // One of two places is taken by a rejoined member: a newcomer may take the other...
    const auto [newcomer, newcomer_ticket] = join_new();
    EXPECT_FALSE(answered(newcomer_ticket));
    // ...and the member that had not rejoined yet is now over the limit and removed.
    const ticket_id late = join(join_req(ids[1]));
    EXPECT_EQ(join_answer(late).error, error_code::group_max_size_reached);
    EXPECT_FALSE(the_group().has_member(ids[1]));
    EXPECT_EQ(join_answer(leader_rejoin).generation_id, 2);
    EXPECT_EQ(join_answer(newcomer_ticket).generation_id, 2);
    EXPECT_EQ(join_answer(leader_rejoin).members.size(), 2u);
}

TEST_F(join_group, group_count_limit_makes_new_groups_retry) {
    config.max_groups = 1;
    restart();
    join_new();
    join_request other = join_req("");
    other.group_id = "other";
    const join_result& result = join_answer(join(other));
    EXPECT_EQ(result.error, error_code::coordinator_not_available);
    EXPECT_EQ(coordinator->group_count(), 1u);
}

TEST_F(join_group, member_id_fits_a_kafka_string_whatever_the_client_id) {
    join_request r = join_req("");
    r.client_id = std::string(40'000, 'c');
    const std::string& member_id = join_answer(join(r)).member_id;
    EXPECT_EQ(member_id.size(), 32'767u);
    EXPECT_TRUE(member_id.ends_with("-uuid-1"));
}

TEST_F(join_group, the_join_phase_waits_for_pending_members_until_their_session_expires) {
    const auto [member_id, first] = join_new();
    const ticket_id pending = join(join_req(""));  // id handed out, never used
    EXPECT_EQ(join_answer(pending).error, error_code::member_id_required);
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(first).generation_id, 1);  // the initial delay does not wait for it
    sync(member_id, 1, {{member_id, {}}});
    ASSERT_EQ(state(), group_state::stable);
    // A later rebalance does: the leader rejoins, and the phase waits for pending ids.
    const ticket_id again = join(join_req(member_id));
    join(join_req(""));  // another pending member, created during the join phase
    advance(k_session_timeout_ms - 1);
    EXPECT_FALSE(answered(again));
    advance(1);  // the second pending member's session is over
    EXPECT_EQ(join_answer(again).generation_id, 2);
    EXPECT_EQ(join_answer(again).members.size(), 1u);
}

TEST_F(join_group, a_second_join_from_a_parked_member_supersedes_the_first) {
    const auto [member_id, first] = join_new();
    const ticket_id second = join(join_req(member_id));
    EXPECT_EQ(join_answer(first).error, error_code::rebalance_in_progress);
    EXPECT_FALSE(answered(second));
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(second).generation_id, 1);
}

TEST_F(join_group, a_pending_id_presented_with_an_instance_id_is_unknown) {
    const std::string pending = join_answer(join(join_req(""))).member_id;
    const ticket_id t = join(join_req(pending, subscription({"t"}), "instance"));
    EXPECT_EQ(join_answer(t).error, error_code::unknown_member_id);
}

TEST_F(join_group, new_members_that_vanish_are_dropped_after_the_new_member_timeout) {
    config.new_member_join_timeout_ms = 5'000;
    restart();
    const std::vector<std::string> ids = form_group(1);
    join(join_req(""));  // a pending member keeps the next phase open beyond the new-member timeout
    const ticket_id leader = join(join_req(ids[0]));
    const ticket_id ghost = join_new().second;
    advance(4'999);
    EXPECT_FALSE(answered(ghost));
    advance(1);
    EXPECT_EQ(join_answer(ghost).error, error_code::unknown_member_id);
    EXPECT_EQ(the_group().member_count(), 1u);
    EXPECT_FALSE(answered(leader));
}

}  // namespace
}  // namespace sb::kafka::groups::testing

// Static membership (KIP-345): members with a group.instance.id keep their place across
// restarts.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class static_membership : public coordinator_fixture {
protected:
    ticket_id join_static(const std::string& instance, std::string member_id = "", bytes metadata = subscription({"t"}),
                          bool v9 = false) {
        join_request r = join_req(std::move(member_id), std::move(metadata), instance);
        r.supports_skip_assignment = v9;
        return join(r);
    }

    // Two static members "i-a" (leader) and "i-b" in a Stable generation 1.
    void form_static_group() {
        const ticket_id ta = join_static("i-a");
        const ticket_id tb = join_static("i-b");
        advance(2 * config.initial_rebalance_delay_ms);
        a = join_answer(ta).member_id;
        b = join_answer(tb).member_id;
        ASSERT_EQ(join_answer(ta).generation_id, 1);
        sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}}, "i-a");
        sync(b, 1, {}, "i-b");
        ASSERT_EQ(state(), group_state::stable);
    }

    std::string a, b;
};

TEST_F(static_membership, static_members_need_no_member_id_round_trip) {
    const ticket_id t = join_static("i-a");
    EXPECT_FALSE(answered(t));
    EXPECT_EQ(the_group().member_count(), 1u);
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(t).member_id, "client-uuid-1");
    EXPECT_EQ(join_answer(t).members,
              (std::vector<join_member>{{"client-uuid-1", "i-a", subscription({"t"})}}));
}

TEST_F(static_membership, a_restarted_member_takes_its_place_without_a_rebalance) {
    form_static_group();
    const std::size_t records_before = persisted_log.size();
    hold_persists = true;
    const ticket_id restarted = join_static("i-b");
    // The new member id is persisted before the member hears it.
    EXPECT_FALSE(answered(restarted));
    ASSERT_EQ(held.size(), 1u);
    hold_persists = false;
    release_held();
    const join_result& result = join_answer(restarted);
    EXPECT_EQ(result.error, error_code::none);
    EXPECT_EQ(result.member_id, "client-uuid-3");
    EXPECT_EQ(result.generation_id, 1);
    EXPECT_EQ(result.leader_id, a);
    EXPECT_TRUE(result.members.empty());
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(persisted_log.size(), records_before + 1);
    // It gets its old assignment, and the others carry on undisturbed.
    EXPECT_EQ(sync_answer(sync("client-uuid-3", 1, {}, "i-b")).assignment, as_bytes("B"));
    EXPECT_EQ(heartbeat(a, 1, "i-a"), error_code::none);
    EXPECT_EQ(heartbeat("client-uuid-3", 1, "i-b"), error_code::none);
    // The old process, if it still runs, is fenced.
    EXPECT_EQ(heartbeat(b, 1, "i-b"), error_code::fenced_instance_id);
    EXPECT_EQ(sync_answer(sync(b, 1, {}, "i-b")).error, error_code::fenced_instance_id);
    EXPECT_EQ(join_answer(join_static("i-b", b)).error, error_code::fenced_instance_id);
    offset_commit_request stale{k_group, 1, b, "i-b", -1, {{{"t", 0}, 1, -1, std::nullopt}}};
    EXPECT_EQ(commit_answer(commit(stale)).partitions[0].error, error_code::fenced_instance_id);
    const leave_result left = leave({{b, "i-b"}});
    EXPECT_EQ(left.members[0].error, error_code::fenced_instance_id);
}

TEST_F(static_membership, a_restarted_leader_is_not_told_it_leads_before_v9) {
    form_static_group();
    const join_result& result = join_answer(join_static("i-a"));
    EXPECT_EQ(result.member_id, "client-uuid-3");
    EXPECT_EQ(the_group().leader_id(), "client-uuid-3");  // it does lead...
    EXPECT_EQ(result.leader_id, a);                        // ...but hears the old id, so it will not reassign
    EXPECT_FALSE(result.skip_assignment);
    EXPECT_TRUE(result.members.empty());
}

TEST_F(static_membership, a_restarted_leader_skips_the_assignment_from_v9) {
    form_static_group();
    const join_result& result = join_answer(join_static("i-a", "", subscription({"t"}), true));
    EXPECT_EQ(result.leader_id, "client-uuid-3");
    EXPECT_TRUE(result.skip_assignment);
    EXPECT_EQ(result.members, (std::vector<join_member>{{"client-uuid-3", "i-a", subscription({"t"})},
                                                        {b, "i-b", subscription({"t"})}}));
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(sync_answer(sync("client-uuid-3", 1, {}, "i-a")).assignment, as_bytes("A"));
}

TEST_F(static_membership, changed_owned_partitions_alone_do_not_rebalance) {
    form_static_group();
    // A restarted consumer owns nothing yet: its metadata differs, its protocol does not.
    const ticket_id t = join_static("i-b", "", subscription({"t"}, {{"t", {}}}));
    EXPECT_EQ(join_answer(t).error, error_code::none);
    EXPECT_EQ(state(), group_state::stable);
}

TEST_F(static_membership, a_restart_that_changes_the_selected_protocol_rebalances) {
    join_request first = join_req("", {}, "i-a");
    first.protocols = {{"range", {}}, {"roundrobin", {}}};
    const ticket_id t = join(first);
    advance(config.initial_rebalance_delay_ms);
    const std::string old_id = join_answer(t).member_id;
    ASSERT_EQ(join_answer(t).protocol_name, "range");
    sync(old_id, 1, {{old_id, as_bytes("A")}}, "i-a");

    join_request restarted = first;
    restarted.protocols = {{"roundrobin", {}}, {"range", {}}};
    const ticket_id r = join(restarted);
    // The only member, rejoined at once: the new generation completes immediately.
    EXPECT_EQ(join_answer(r).generation_id, 2);
    EXPECT_EQ(join_answer(r).protocol_name, "roundrobin");
    EXPECT_EQ(join_answer(r).leader_id, "client-uuid-2");
    EXPECT_EQ(state(), group_state::completing_rebalance);
}

TEST_F(static_membership, a_restart_with_protocols_the_group_cannot_use_changes_nothing) {
    form_static_group();
    join_request r = join_req("", {}, "i-b");
    r.protocols = {{"roundrobin", {}}};
    EXPECT_EQ(join_answer(join(r)).error, error_code::inconsistent_group_protocol);
    EXPECT_EQ(*the_group().static_member_id("i-b"), b);
    EXPECT_EQ(state(), group_state::stable);
}

TEST_F(static_membership, a_restart_during_completing_rebalance_starts_over) {
    const ticket_id ta = join_static("i-a");
    const ticket_id tb = join_static("i-b");
    advance(2 * config.initial_rebalance_delay_ms);
    const std::string old_b = join_answer(tb).member_id;
    const ticket_id parked = sync(old_b, 1, {}, "i-b");
    const ticket_id restarted = join_static("i-b");
    EXPECT_EQ(sync_answer(parked).error, error_code::fenced_instance_id);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    const ticket_id leader = join_static("i-a", join_answer(ta).member_id);
    EXPECT_EQ(join_answer(leader).generation_id, 2);
    EXPECT_EQ(join_answer(restarted).generation_id, 2);
    EXPECT_EQ(join_answer(restarted).member_id, "client-uuid-3");
}

TEST_F(static_membership, a_restart_during_a_join_phase_fences_the_old_parked_join) {
    form_static_group();
    const ticket_id old_join = join_static("i-a", a);  // the leader rejoins: a rebalance
    const ticket_id restarted = join_static("i-a");
    EXPECT_EQ(join_answer(old_join).error, error_code::fenced_instance_id);
    EXPECT_FALSE(answered(restarted));
    const ticket_id tb = join_static("i-b", b);
    EXPECT_EQ(join_answer(restarted).generation_id, 2);
    EXPECT_EQ(join_answer(restarted).leader_id, "client-uuid-3");
    EXPECT_EQ(join_answer(tb).generation_id, 2);
}

TEST_F(static_membership, static_members_that_do_not_rejoin_stay_in_the_next_generation) {
    const ticket_id ta = join_static("i-a");
    join_request long_session = join_req("", subscription({"t"}), "i-b");
    long_session.session_timeout_ms = 2 * k_rebalance_timeout_ms;
    const ticket_id tb = join(long_session);
    advance(2 * config.initial_rebalance_delay_ms);
    a = join_answer(ta).member_id;
    b = join_answer(tb).member_id;
    sync(a, 1, {{a, as_bytes("A")}, {b, as_bytes("B")}}, "i-a");
    sync(b, 1, {}, "i-b");

    // The leader rejoins; i-b (restarting, say) does not within the rebalance timeout.
    const ticket_id again = join_static("i-a", a);
    advance(k_rebalance_timeout_ms);
    // A dynamic member would be gone; the static one is still in the new generation.
    EXPECT_EQ(join_answer(again).generation_id, 2);
    EXPECT_EQ(join_answer(again).members.size(), 2u);
    EXPECT_TRUE(the_group().has_member(b));
    EXPECT_EQ(state(), group_state::completing_rebalance);
}

TEST_F(static_membership, unknown_instance_ids_and_mismatched_ids) {
    form_static_group();
    EXPECT_EQ(join_answer(join_static("i-x", a)).error, error_code::unknown_member_id);
    EXPECT_EQ(join_answer(join_static("i-b", a)).error, error_code::fenced_instance_id);
    EXPECT_EQ(heartbeat(a, 1, "i-b"), error_code::fenced_instance_id);
}

TEST_F(static_membership, an_administrator_removes_a_static_member_by_instance_id) {
    form_static_group();
    const leave_result result = leave({{"", "i-b"}});
    EXPECT_EQ(result.members[0].error, error_code::none);
    EXPECT_FALSE(the_group().has_member(b));
    EXPECT_EQ(the_group().static_member_id("i-b"), nullptr);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

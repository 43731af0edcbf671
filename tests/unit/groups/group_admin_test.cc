// ListGroups, DescribeGroups and DeleteGroups.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class group_admin : public coordinator_fixture {
protected:
    ticket_id delete_groups(std::vector<std::string> ids) {
        const ticket_id ticket = next_ticket++;
        coordinator->delete_groups(ticket, ids, now_ms);
        drain();
        return ticket;
    }
    const delete_groups_result& delete_answer(ticket_id t) const { return answer_of<delete_groups_result>(t); }

    // "g" Stable with one member, "e" Empty (offsets only), "p" PreparingRebalance.
    void three_groups() {
        form_group(1);
        commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}}, "e");
        join_request p = join_req("");
        p.group_id = "p";
        p.require_known_member_id = false;
        join(p);
    }
};

TEST_F(group_admin, list_groups_all_and_by_state) {
    three_groups();
    EXPECT_EQ(coordinator->list_groups({}), (std::vector<group_listing>{{"e", "", "Empty"},
                                                                       {"g", "consumer", "Stable"},
                                                                       {"p", "consumer", "PreparingRebalance"}}));
    EXPECT_EQ(coordinator->list_groups({"stable", "EMPTY"}),
              (std::vector<group_listing>{{"e", "", "Empty"}, {"g", "consumer", "Stable"}}));
    EXPECT_TRUE(coordinator->list_groups({"Dead"}).empty());
    EXPECT_TRUE(coordinator->list_groups({"NoSuchState"}).empty());
}

TEST_F(group_admin, describe_a_stable_group) {
    const std::vector<std::string> ids = form_group(2);
    const group_description d = coordinator->describe_group(k_group);
    EXPECT_EQ(d.error, error_code::none);
    EXPECT_EQ(d.group_id, k_group);
    EXPECT_EQ(d.state, "Stable");
    EXPECT_EQ(d.protocol_type, "consumer");
    EXPECT_EQ(d.protocol_name, "range");
    EXPECT_EQ(d.members, (std::vector<described_member>{
                             {ids[0], std::nullopt, "client", "/127.0.0.1", subscription({"t"}), as_bytes("a-" + ids[0])},
                             {ids[1], std::nullopt, "client", "/127.0.0.1", subscription({"t"}), as_bytes("a-" + ids[1])}}));
}

TEST_F(group_admin, describe_a_rebalancing_group_shows_no_metadata) {
    const std::vector<std::string> ids = form_group(1);
    join(join_req(ids[0], subscription({"t", "u"})));  // completes at once: CompletingRebalance
    const group_description d = coordinator->describe_group(k_group);
    EXPECT_EQ(d.state, "CompletingRebalance");
    EXPECT_EQ(d.protocol_name, "");
    EXPECT_EQ(d.members, (std::vector<described_member>{{ids[0], std::nullopt, "client", "/127.0.0.1", {}, {}}}));
}

TEST_F(group_admin, describe_an_unknown_group_says_dead) {
    const group_description d = coordinator->describe_group("nope");
    EXPECT_EQ(d.error, error_code::none);
    EXPECT_EQ(d.group_id, "nope");
    EXPECT_EQ(d.state, "Dead");
    EXPECT_EQ(d.protocol_type, "");
    EXPECT_TRUE(d.members.empty());
}

TEST_F(group_admin, delete_groups_deletes_only_empty_groups) {
    three_groups();
    commit("", -1, {{{"u", 1}, 2, -1, std::nullopt}}, "e");
    hold_persists = true;
    const ticket_id t = delete_groups({"e", "g", "p", "nope", "e"});
    // The state is gone at once; the answer waits for the tombstones.
    EXPECT_EQ(coordinator->state_of("e"), group_state::dead);
    EXPECT_FALSE(answered(t));
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held[0].records, (std::vector<stored_record>{offset_tombstone("e", {"t", 0}), offset_tombstone("e", {"u", 1}),
                                                           group_tombstone("e")}));
    release_held();
    EXPECT_EQ(delete_answer(t).groups, (std::vector<group_deletion>{{"e", error_code::none},
                                                                    {"g", error_code::non_empty_group},
                                                                    {"p", error_code::non_empty_group},
                                                                    {"nope", error_code::group_id_not_found}}));
    EXPECT_TRUE(coordinator->fetch_offsets({"e", std::nullopt, false}).partitions.empty());
}

TEST_F(group_admin, delete_groups_with_nothing_to_delete_answers_at_once) {
    hold_persists = true;
    const ticket_id t = delete_groups({"nope"});
    EXPECT_TRUE(held.empty());
    EXPECT_EQ(delete_answer(t).groups, (std::vector<group_deletion>{{"nope", error_code::group_id_not_found}}));
}

TEST_F(group_admin, a_failed_delete_reports_the_write_error) {
    commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}}, "e");
    hold_persists = true;
    const ticket_id t = delete_groups({"e", "nope"});
    release_held(error_code::not_leader_or_follower);
    EXPECT_EQ(delete_answer(t).groups, (std::vector<group_deletion>{{"e", error_code::not_coordinator},
                                                                    {"nope", error_code::group_id_not_found}}));
}

TEST_F(group_admin, a_group_emptied_by_leaving_members_can_be_deleted) {
    const std::vector<std::string> ids = form_group(2);
    leave({{ids[0], std::nullopt}, {ids[1], std::nullopt}});
    EXPECT_EQ(state(), group_state::empty);
    EXPECT_EQ(delete_answer(delete_groups({k_group})).groups, (std::vector<group_deletion>{{k_group, error_code::none}}));
    EXPECT_EQ(persisted_log.back(), group_tombstone(k_group));
    // The id is free again.
    const auto [member, ticket] = join_new();
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(join_answer(ticket).generation_id, 1);
}

TEST_F(group_admin, a_commit_still_in_flight_when_its_group_is_deleted_stays_deleted) {
    commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}}, "e");
    hold_persists = true;
    const ticket_id c = commit("", -1, {{{"t", 0}, 2, -1, std::nullopt}}, "e");
    const ticket_id d = delete_groups({"e"});
    const ticket_id again = commit("", -1, {{{"u", 0}, 3, -1, std::nullopt}}, "e");  // a new "e"
    hold_persists = false;
    release_held();
    EXPECT_EQ(commit_answer(c).partitions[0].error, error_code::none);
    EXPECT_EQ(delete_answer(d).groups[0].error, error_code::none);
    EXPECT_EQ(commit_answer(again).partitions[0].error, error_code::none);
    // The tombstones follow the first commit in the log: memory agrees with a replay.
    const std::vector<fetched_offset> expected = {{{"u", 0}, 3, -1, "", error_code::none}};
    EXPECT_EQ(coordinator->fetch_offsets({"e", std::nullopt, false}).partitions, expected);
    restart_and_replay();
    EXPECT_EQ(coordinator->fetch_offsets({"e", std::nullopt, false}).partitions, expected);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

// Heartbeat and LeaveGroup.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class membership : public coordinator_fixture {};

TEST_F(membership, heartbeat_errors) {
    const std::vector<std::string> ids = form_group(1);
    EXPECT_EQ(coordinator->heartbeat({"", 1, ids[0], std::nullopt}, now_ms), error_code::invalid_group_id);
    EXPECT_EQ(coordinator->heartbeat({"unknown", 1, ids[0], std::nullopt}, now_ms), error_code::unknown_member_id);
    EXPECT_EQ(heartbeat("nobody", 1), error_code::unknown_member_id);
    EXPECT_EQ(heartbeat(ids[0], 2), error_code::illegal_generation);
    EXPECT_EQ(heartbeat(ids[0], 0), error_code::illegal_generation);
    EXPECT_EQ(heartbeat(ids[0], 1), error_code::none);
}

TEST_F(membership, heartbeat_by_state) {
    const auto [a, ta] = join_new();
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(state(), group_state::completing_rebalance);
    EXPECT_EQ(heartbeat(a, 1), error_code::none);
    sync(a, 1, {{a, {}}});
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(heartbeat(a, 1), error_code::none);
    join_new();
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(heartbeat(a, 1), error_code::rebalance_in_progress);
    (void)ta;
}

TEST_F(membership, heartbeats_keep_a_member_beyond_its_session_timeout) {
    const std::vector<std::string> ids = form_group(1);
    for (int i = 0; i < 10; ++i) {
        advance(k_session_timeout_ms - 1);
        ASSERT_EQ(heartbeat(ids[0], 1), error_code::none);
    }
    advance(k_session_timeout_ms - 1);
    EXPECT_EQ(state(), group_state::stable);
    advance(1);
    EXPECT_EQ(state(), group_state::empty);
    EXPECT_EQ(heartbeat(ids[0], 1), error_code::unknown_member_id);
}

TEST_F(membership, next_deadline_is_the_earliest_session_expiry) {
    const std::vector<std::string> ids = form_group(2);
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + k_session_timeout_ms);
    advance(1'000);
    heartbeat(ids[0], 1);
    heartbeat(ids[1], 1);
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + k_session_timeout_ms);
}

TEST_F(membership, leave_errors_per_member) {
    const std::vector<std::string> ids = form_group(2);
    leave_request blank{"", {{ids[0], std::nullopt}}};
    EXPECT_EQ(coordinator->leave_group(blank, now_ms).error, error_code::invalid_group_id);

    const leave_result unknown_group = coordinator->leave_group({"unknown", {{ids[0], std::nullopt}}}, now_ms);
    EXPECT_EQ(unknown_group.error, error_code::none);
    ASSERT_EQ(unknown_group.members.size(), 1u);
    EXPECT_EQ(unknown_group.members[0].error, error_code::unknown_member_id);

    const leave_result result =
        leave({{"nobody", std::nullopt}, {"", "no-such-instance"}, {"", std::nullopt}, {ids[1], std::nullopt}});
    ASSERT_EQ(result.members.size(), 4u);
    EXPECT_EQ(result.members[0].member_id, "nobody");
    EXPECT_EQ(result.members[0].error, error_code::unknown_member_id);
    EXPECT_EQ(result.members[1].group_instance_id, "no-such-instance");
    EXPECT_EQ(result.members[1].error, error_code::unknown_member_id);
    EXPECT_EQ(result.members[2].error, error_code::unknown_member_id);
    EXPECT_EQ(result.members[3].error, error_code::none);
    EXPECT_FALSE(the_group().has_member(ids[1]));
}

TEST_F(membership, batched_leave_removes_several_members_at_once) {
    const std::vector<std::string> ids = form_group(3);
    const leave_result result = leave({{ids[0], std::nullopt}, {ids[2], std::nullopt}});
    EXPECT_EQ(result.members[0].error, error_code::none);
    EXPECT_EQ(result.members[1].error, error_code::none);
    EXPECT_EQ(the_group().member_count(), 1u);
    const ticket_id t = join(join_req(ids[1]));
    EXPECT_EQ(join_answer(t).generation_id, 2);
    EXPECT_EQ(join_answer(t).leader_id, ids[1]);
}

TEST_F(membership, a_pending_member_may_leave) {
    const std::string pending = join_answer(join(join_req(""))).member_id;
    const leave_result result = leave({{pending, std::nullopt}});
    EXPECT_EQ(result.members[0].error, error_code::none);
    EXPECT_EQ(coordinator->group_count(), 0u);  // nothing left of the group
}

TEST_F(membership, a_leave_that_completes_the_join_phase_answers_the_others) {
    const std::vector<std::string> ids = form_group(2);
    const ticket_id t0 = join(join_req(ids[0]));
    EXPECT_FALSE(answered(t0));
    leave({{ids[1], std::nullopt}});
    EXPECT_EQ(join_answer(t0).generation_id, 2);
}

TEST_F(membership, a_member_leaving_with_a_parked_join_is_answered) {
    const std::vector<std::string> ids = form_group(2);
    const ticket_id t0 = join(join_req(ids[0]));
    leave({{ids[0], std::nullopt}});
    EXPECT_EQ(join_answer(t0).error, error_code::unknown_member_id);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

// OffsetCommit, OffsetFetch and OffsetDelete.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class offsets : public coordinator_fixture {
protected:
    offset_fetch_result fetch(std::optional<std::vector<topic_partition>> partitions, bool require_stable = false,
                              std::string group_id = k_group) const {
        return coordinator->fetch_offsets({std::move(group_id), std::move(partitions), require_stable});
    }

    ticket_id delete_offsets(std::vector<topic_partition> partitions, std::string group_id = k_group) {
        const ticket_id ticket = next_ticket++;
        coordinator->delete_offsets(ticket, {std::move(group_id), std::move(partitions)}, now_ms);
        drain();
        return ticket;
    }

    const offset_delete_result& delete_answer(ticket_id t) const { return answer_of<offset_delete_result>(t); }
};

TEST_F(offsets, a_member_commits_and_the_offsets_are_fetched_back) {
    const std::vector<std::string> ids = form_group(1);
    const ticket_id t = commit(ids[0], 1, {{{"t", 0}, 42, 3, "checkpoint"}, {{"t", 1}, 7, -1, std::nullopt}});
    EXPECT_EQ(commit_answer(t).partitions,
              (std::vector<partition_error>{{{"t", 0}, error_code::none}, {{"t", 1}, error_code::none}}));
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 1}, {"t", 0}, {"t", 9}, {"u", 0}}).partitions,
              (std::vector<fetched_offset>{{{"t", 1}, 7, -1, "", error_code::none},
                                           {{"t", 0}, 42, 3, "checkpoint", error_code::none},
                                           {{"t", 9}, -1, -1, "", error_code::none},
                                           {{"u", 0}, -1, -1, "", error_code::none}}));
    // All partitions: ordered by topic and partition.
    EXPECT_EQ(fetch(std::nullopt).partitions,
              (std::vector<fetched_offset>{{{"t", 0}, 42, 3, "checkpoint", error_code::none},
                                           {{"t", 1}, 7, -1, "", error_code::none}}));
    // A later commit replaces the earlier one.
    commit(ids[0], 1, {{{"t", 0}, 50, 3, "later"}});
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}).partitions[0].offset, 50);
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}).partitions[0].metadata, "later");
}

TEST_F(offsets, fetching_from_an_unknown_group_finds_nothing) {
    EXPECT_TRUE(fetch(std::nullopt, false, "nope").partitions.empty());
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}, false, "nope").partitions,
              (std::vector<fetched_offset>{{{"t", 0}, -1, -1, "", error_code::none}}));
}

TEST_F(offsets, a_commit_is_answered_and_visible_only_once_durable) {
    const std::vector<std::string> ids = form_group(1);
    hold_persists = true;
    const ticket_id t = commit(ids[0], 1, {{{"t", 0}, 42, -1, "m"}});
    EXPECT_FALSE(answered(t));
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}).partitions[0].offset, -1);
    // A client that asks for stable offsets is told to retry instead.
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}, true).partitions[0].error, error_code::unstable_offset_commit);
    ASSERT_EQ(held.size(), 1u);
    ASSERT_EQ(held[0].records.size(), 1u);
    EXPECT_EQ(held[0].records[0], offset_record(k_group, {"t", 0}, {42, -1, "m", now_ms, std::nullopt}));
    release_held();
    EXPECT_EQ(commit_answer(t).partitions[0].error, error_code::none);
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}, true).partitions[0].offset, 42);
}

TEST_F(offsets, a_failed_write_fails_the_commit) {
    const std::vector<std::string> ids = form_group(1);
    hold_persists = true;
    const ticket_id t = commit(ids[0], 1, {{{"t", 0}, 42, -1, std::nullopt}});
    release_held(error_code::request_timed_out);
    EXPECT_EQ(commit_answer(t).partitions[0].error, error_code::coordinator_not_available);
    EXPECT_EQ(fetch(std::vector<topic_partition>{{"t", 0}}, true).partitions[0],
              (fetched_offset{{"t", 0}, -1, -1, "", error_code::none}));
    const ticket_id too_big = commit(ids[0], 1, {{{"t", 0}, 42, -1, std::nullopt}});
    release_held(error_code::record_list_too_large);
    EXPECT_EQ(commit_answer(too_big).partitions[0].error, error_code::invalid_commit_offset_size);
}

TEST_F(offsets, metadata_over_the_limit_refuses_that_partition_only) {
    config.offset_metadata_max_bytes = 4;
    restart();
    const std::vector<std::string> ids = form_group(1);
    const ticket_id t = commit(ids[0], 1, {{{"t", 0}, 1, -1, "12345"}, {{"t", 1}, 2, -1, "1234"}});
    EXPECT_EQ(commit_answer(t).partitions,
              (std::vector<partition_error>{{{"t", 0}, error_code::offset_metadata_too_large},
                                            {{"t", 1}, error_code::none}}));
    EXPECT_EQ(fetch(std::nullopt).partitions.size(), 1u);
    // With nothing valid, nothing is written and the answer comes at once.
    hold_persists = true;
    const ticket_id none_valid = commit(ids[0], 1, {{{"t", 0}, 1, -1, "12345"}});
    EXPECT_TRUE(held.empty());
    EXPECT_EQ(commit_answer(none_valid).partitions[0].error, error_code::offset_metadata_too_large);
}

TEST_F(offsets, member_and_generation_checks) {
    const std::vector<std::string> ids = form_group(2);
    auto error_of = [&](const std::string& member, int32_t generation) {
        return commit_answer(commit(member, generation, {{{"t", 0}, 1, -1, std::nullopt}})).partitions[0].error;
    };
    EXPECT_EQ(error_of("nobody", 1), error_code::unknown_member_id);
    EXPECT_EQ(error_of(ids[0], 2), error_code::illegal_generation);
    EXPECT_EQ(error_of("", -1), error_code::unknown_member_id);  // the group has members
    EXPECT_EQ(error_of(ids[1], 1), error_code::none);

    // During a join phase, members may still commit what they consumed...
    join(join_req(ids[0]));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(error_of(ids[1], 1), error_code::none);
    // ...and between JoinGroup and SyncGroup they are told to finish the rebalance first.
    join(join_req(ids[1]));
    EXPECT_EQ(state(), group_state::completing_rebalance);
    EXPECT_EQ(error_of(ids[1], 2), error_code::rebalance_in_progress);
    EXPECT_EQ(error_of(ids[1], 1), error_code::illegal_generation);
}

TEST_F(offsets, simple_commits_create_and_use_a_group_without_members) {
    // generation -1: a client using the group for offset storage only.
    EXPECT_EQ(commit_answer(commit("", -1, {{{"t", 0}, 5, -1, std::nullopt}}, "simple")).partitions[0].error,
              error_code::none);
    EXPECT_EQ(coordinator->state_of("simple"), group_state::empty);
    EXPECT_EQ(coordinator->list_groups({}), (std::vector<group_listing>{{"simple", "", "Empty"}}));
    EXPECT_EQ(fetch(std::nullopt, false, "simple").partitions[0].offset, 5);
    // A generation names a group that must exist.
    EXPECT_EQ(commit_answer(commit("m", 3, {{{"t", 0}, 5, -1, std::nullopt}}, "other")).partitions[0].error,
              error_code::illegal_generation);
    EXPECT_EQ(coordinator->state_of("other"), group_state::dead);
    // An empty group id is a group like any other for offsets.
    EXPECT_EQ(commit_answer(commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}}, "")).partitions[0].error,
              error_code::none);
}

TEST_F(offsets, simple_commits_to_an_emptied_group_are_allowed) {
    const std::vector<std::string> ids = form_group(1);
    leave({{ids[0], std::nullopt}});
    ASSERT_EQ(state(), group_state::empty);
    EXPECT_EQ(commit_answer(commit("admin", -1, {{{"t", 0}, 0, -1, std::nullopt}})).partitions[0].error,
              error_code::none);
}

TEST_F(offsets, group_count_limit_applies_to_commits) {
    config.max_groups = 1;
    restart();
    commit("", -1, {{{"t", 0}, 5, -1, std::nullopt}}, "one");
    EXPECT_EQ(commit_answer(commit("", -1, {{{"t", 0}, 5, -1, std::nullopt}}, "two")).partitions[0].error,
              error_code::coordinator_not_available);
}

TEST_F(offsets, delete_offsets_of_an_empty_group) {
    commit("", -1, {{{"t", 0}, 5, -1, std::nullopt}, {{"t", 1}, 6, -1, std::nullopt}, {{"u", 0}, 1, -1, std::nullopt}});
    hold_persists = true;
    const ticket_id t = delete_offsets({{"t", 0}, {"t", 7}});
    EXPECT_FALSE(answered(t));
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held[0].records, (std::vector<stored_record>{offset_tombstone(k_group, {"t", 0})}));
    release_held();
    EXPECT_EQ(delete_answer(t).error, error_code::none);
    EXPECT_EQ(delete_answer(t).partitions,
              (std::vector<partition_error>{{{"t", 0}, error_code::none}, {{"t", 7}, error_code::none}}));
    EXPECT_EQ(fetch(std::nullopt).partitions.size(), 2u);
}

TEST_F(offsets, delete_offsets_refuses_topics_a_consumer_group_subscribes_to) {
    const auto [a, ta] = join_new(subscription({"t"}));
    advance(config.initial_rebalance_delay_ms);
    sync(a, 1, {{a, {}}});
    commit(a, 1, {{{"t", 0}, 5, -1, std::nullopt}, {{"old", 0}, 6, -1, std::nullopt}});
    const ticket_id t = delete_offsets({{"t", 0}, {"old", 0}});
    EXPECT_EQ(delete_answer(t).error, error_code::none);
    EXPECT_EQ(delete_answer(t).partitions,
              (std::vector<partition_error>{{{"t", 0}, error_code::group_subscribed_to_topic},
                                            {{"old", 0}, error_code::none}}));
    EXPECT_EQ(fetch(std::nullopt).partitions, (std::vector<fetched_offset>{{{"t", 0}, 5, -1, "", error_code::none}}));
    (void)ta;
}

TEST_F(offsets, delete_offsets_group_errors) {
    EXPECT_EQ(delete_answer(delete_offsets({{"t", 0}}, "nope")).error, error_code::group_id_not_found);
    join_request connect = join_req("");
    connect.protocol_type = "connect";
    connect.require_known_member_id = false;
    join(connect);
    const ticket_id t = delete_offsets({{"t", 0}});
    EXPECT_EQ(delete_answer(t).error, error_code::non_empty_group);
    EXPECT_TRUE(delete_answer(t).partitions.empty());
}

TEST_F(offsets, unreadable_subscriptions_count_as_subscribed_to_everything) {
    const auto [a, ta] = join_new(bytes{0xFF});
    advance(config.initial_rebalance_delay_ms);
    EXPECT_EQ(the_group().subscribed_topics, std::nullopt);
    const ticket_id t = delete_offsets({{"anything", 0}});
    EXPECT_EQ(delete_answer(t).partitions[0].error, error_code::group_subscribed_to_topic);
    (void)ta;
}

}  // namespace
}  // namespace sb::kafka::groups::testing

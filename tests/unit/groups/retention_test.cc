// offsets.retention.minutes and the removal of groups with nothing left.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class retention : public coordinator_fixture {
protected:
    retention() {
        config.offsets_retention_minutes = 10;
        config.offsets_retention_check_interval_ms = 60'000;
        restart();
    }
    static constexpr int64_t k_retention_ms = 10 * 60'000;

    // Lets `ms` pass with every member in `ids` heartbeating every 5 s.
    void keep_alive(int64_t ms, const std::vector<std::string>& ids, int32_t generation) {
        for (int64_t passed = 0; passed < ms; passed += 5'000) {
            advance(5'000);
            for (const std::string& id : ids) heartbeat(id, generation);
        }
    }

    std::vector<topic_partition> committed(const std::string& group_id = k_group) const {
        std::vector<topic_partition> out;
        for (const fetched_offset& f : coordinator->fetch_offsets({group_id, std::nullopt, false}).partitions) {
            out.push_back(f.partition);
        }
        return out;
    }
};

TEST_F(retention, the_check_runs_every_interval) {
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + 60'000);
    advance(60'000);
    EXPECT_EQ(coordinator->next_deadline_ms(), now_ms + 60'000);
}

TEST_F(retention, offsets_of_a_group_that_only_commits_expire_by_commit_age) {
    commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}});
    advance(5 * 60'000);
    commit("", -1, {{{"t", 1}, 1, -1, std::nullopt}});
    advance(5 * 60'000);  // t-0 is 10 minutes old now
    EXPECT_EQ(committed(), (std::vector<topic_partition>{{"t", 1}}));
    EXPECT_EQ(persisted_log.back(), offset_tombstone(k_group, {"t", 0}));
    advance(5 * 60'000);
    EXPECT_EQ(coordinator->state_of(k_group), group_state::dead);
    // The last offset and the group go in one batch.
    ASSERT_GE(persisted_log.size(), 2u);
    EXPECT_EQ(persisted_log[persisted_log.size() - 2], offset_tombstone(k_group, {"t", 1}));
    EXPECT_EQ(persisted_log.back(), group_tombstone(k_group));
}

TEST_F(retention, offsets_of_an_empty_consumer_group_expire_after_it_has_been_empty_that_long) {
    const std::vector<std::string> ids = form_group(1);  // 3 s after the first check's epoch
    commit(ids[0], 1, {{{"t", 0}, 1, -1, std::nullopt}});
    keep_alive(20 * 60'000, ids, 1);  // the commit ages, but the group has a member
    EXPECT_EQ(committed().size(), 1u);
    leave({{ids[0], std::nullopt}});
    ASSERT_EQ(state(), group_state::empty);
    // Checks run every minute, 3 s before each whole minute since the group emptied: the
    // first one at which it has been empty for 10 minutes is 10 min 57 s after.
    advance(k_retention_ms);
    EXPECT_EQ(committed().size(), 1u);
    advance(60'000);
    EXPECT_TRUE(committed().empty());
    EXPECT_EQ(state(), group_state::dead);
}

TEST_F(retention, a_stable_consumer_group_loses_only_offsets_of_topics_nobody_subscribes_to) {
    const std::vector<std::string> ids = form_group(1);  // subscribed to "t"
    commit(ids[0], 1, {{{"t", 0}, 1, -1, std::nullopt}, {{"gone", 0}, 1, -1, std::nullopt}});
    keep_alive(11 * 60'000, ids, 1);
    EXPECT_EQ(committed(), (std::vector<topic_partition>{{"t", 0}}));
    EXPECT_EQ(state(), group_state::stable);
}

TEST_F(retention, a_group_in_a_rebalance_keeps_its_offsets) {
    // Two members with a 30-minute rebalance timeout.
    auto join_long = [&] {
        join_request r = join_req("");
        r.rebalance_timeout_ms = 30 * 60'000;
        r.member_id = join_answer(join(r)).member_id;
        join(r);
        return r;
    };
    const join_request a = join_long();
    const join_request b = join_long();
    advance(2 * config.initial_rebalance_delay_ms);
    sync(a.member_id, 1, {{a.member_id, {}}, {b.member_id, {}}});
    sync(b.member_id, 1);
    commit(a.member_id, 1, {{{"gone", 0}, 1, -1, std::nullopt}});
    join(a);  // the leader rejoins; b keeps heartbeating but does not, for 11 minutes
    keep_alive(11 * 60'000, {b.member_id}, 1);
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(committed().size(), 1u);
}

TEST_F(retention, an_explicit_retention_time_overrides_the_broker_default) {
    offset_commit_request r{k_group, -1, "", std::nullopt, 90'000, {{{"t", 0}, 1, -1, std::nullopt}}};
    commit(r);
    advance(60'000);
    EXPECT_EQ(committed().size(), 1u);
    advance(60'000);
    EXPECT_TRUE(committed().empty());
}

TEST_F(retention, a_commit_on_its_way_to_disk_does_not_expire) {
    commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}});
    advance(k_retention_ms - 60'000);
    hold_persists = true;
    commit("", -1, {{{"t", 0}, 2, -1, std::nullopt}});
    advance(60'000);
    EXPECT_EQ(committed().size(), 1u);
    hold_persists = false;
    release_held();
    EXPECT_EQ(coordinator->fetch_offsets({k_group, std::nullopt, false}).partitions[0].offset, 2);
}

TEST_F(retention, an_empty_group_without_offsets_is_removed_at_the_next_check) {
    const std::vector<std::string> ids = form_group(1);
    leave({{ids[0], std::nullopt}});
    EXPECT_EQ(state(), group_state::empty);
    advance(60'000);
    EXPECT_EQ(state(), group_state::dead);
    EXPECT_EQ(persisted_log.back(), group_tombstone(k_group));
}

}  // namespace
}  // namespace sb::kafka::groups::testing

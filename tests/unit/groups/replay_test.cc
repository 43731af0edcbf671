// Rebuilding a coordinator from the records it persisted ("restart").

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class replay : public coordinator_fixture {
protected:
    // Everything the clients can see of the coordinator.
    struct visible_state {
        std::vector<group_listing> listing;
        std::vector<group_description> descriptions;
        std::vector<offset_fetch_result> offsets;
    };

    visible_state snapshot() const {
        visible_state out;
        out.listing = coordinator->list_groups({});
        for (const group_listing& l : out.listing) {
            out.descriptions.push_back(coordinator->describe_group(l.group_id));
            out.offsets.push_back(coordinator->fetch_offsets({l.group_id, std::nullopt, false}));
        }
        return out;
    }

    static void expect_same(const visible_state& a, const visible_state& b) {
        EXPECT_EQ(a.listing, b.listing);
        ASSERT_EQ(a.descriptions.size(), b.descriptions.size());
        for (std::size_t i = 0; i < a.descriptions.size(); ++i) {
            EXPECT_EQ(a.descriptions[i].state, b.descriptions[i].state);
            EXPECT_EQ(a.descriptions[i].protocol_type, b.descriptions[i].protocol_type);
            EXPECT_EQ(a.descriptions[i].protocol_name, b.descriptions[i].protocol_name);
            EXPECT_EQ(a.descriptions[i].members, b.descriptions[i].members);
            EXPECT_EQ(a.offsets[i].partitions, b.offsets[i].partitions);
        }
    }

    // Only the last record of each key, as log compaction leaves them (tombstones kept).
    static std::vector<stored_record> compacted(const std::vector<stored_record>& log) {
        std::vector<stored_record> out;
        for (std::size_t i = 0; i < log.size(); ++i) {
            bool superseded = false;
            for (std::size_t j = i + 1; j < log.size(); ++j) superseded = superseded || log[j].key == log[i].key;
            if (!superseded) out.push_back(log[i]);
        }
        return out;
    }
};

TEST_F(replay, a_restarted_coordinator_has_the_same_groups_and_offsets) {
    // A stable group with a static and a dynamic member and offsets with metadata.
    const ticket_id ts = join(join_req("", subscription({"t"}), "instance-1"));
    const auto [dynamic, td] = join_new();
    advance(2 * config.initial_rebalance_delay_ms);
    const std::string static_id = join_answer(ts).member_id;
    sync_all({static_id, dynamic}, 1);
    commit(static_id, 1, {{{"t", 0}, 10, 4, "hello"}, {{"t", 1}, 11, -1, std::nullopt}});
    commit(static_id, 1, {{{"t", 0}, 12, 5, "again"}});
    // An emptied group with offsets, a group that only commits, a deleted group and a
    // deleted offset.
    join_request e = join_req("");
    e.group_id = "emptied";
    e.require_known_member_id = false;
    const ticket_id te = join(e);
    advance(config.initial_rebalance_delay_ms);
    const std::string e_member = join_answer(te).member_id;
    commit("", -1, {{{"x", 0}, 1, -1, std::nullopt}}, "simple");
    commit("", -1, {{{"x", 0}, 1, -1, std::nullopt}, {{"x", 1}, 2, -1, std::nullopt}}, "doomed");
    commit("", -1, {{{"y", 0}, 1, -1, std::nullopt}, {{"y", 1}, 2, -1, std::nullopt}}, "pruned");
    coordinator->delete_groups(next_ticket++, {"doomed"}, now_ms);
    coordinator->delete_offsets(next_ticket++, {"pruned", {{"y", 0}}}, now_ms);
    drain();
    offset_commit_request in_e{"emptied", 1, e_member, std::nullopt, -1, {{{"z", 0}, 7, -1, "m"}}};
    ASSERT_EQ(commit_answer(commit(in_e)).partitions[0].error, error_code::rebalance_in_progress);
    sync(e_member, 1, {{e_member, as_bytes("E")}});
    commit(in_e);
    coordinator->leave_group({"emptied", {{e_member, std::nullopt}}}, now_ms);
    drain();

    const visible_state before = snapshot();
    ASSERT_EQ(before.listing, (std::vector<group_listing>{{"emptied", "consumer", "Empty"},
                                                          {k_group, "consumer", "Stable"},
                                                          {"pruned", "", "Empty"},
                                                          {"simple", "", "Empty"}}));
    restart_and_replay();
    expect_same(before, snapshot());
    EXPECT_EQ(coordinator->find_group(k_group)->generation_id, 1);
    EXPECT_EQ(coordinator->find_group("emptied")->generation_id, 2);
    EXPECT_EQ(coordinator->find_group(k_group)->leader_id(), static_id);

    // Compaction keeps the latest record per key: the same state again.
    const std::vector<stored_record> log = compacted(persisted_log);
    EXPECT_LT(log.size(), persisted_log.size());
    persisted_log = log;
    restart_and_replay();
    expect_same(before, snapshot());
    (void)td;
}

TEST_F(replay, members_carry_on_after_a_restart_without_a_rebalance) {
    const std::vector<std::string> ids = form_group(2);
    restart_and_replay();
    EXPECT_EQ(state(), group_state::stable);
    EXPECT_EQ(heartbeat(ids[0], 1), error_code::none);
    EXPECT_EQ(heartbeat(ids[1], 1), error_code::none);
    EXPECT_EQ(sync_answer(sync(ids[1], 1)).assignment, as_bytes("a-" + ids[1]));
    const ticket_id c = commit(ids[0], 1, {{{"t", 0}, 1, -1, std::nullopt}});
    EXPECT_EQ(commit_answer(c).partitions[0].error, error_code::none);
    // A member that does not come back expires, and the rest rebalance.
    advance(k_session_timeout_ms / 2);
    heartbeat(ids[0], 1);
    advance(k_session_timeout_ms / 2);
    EXPECT_FALSE(the_group().has_member(ids[1]));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    const ticket_id t = join(join_req(ids[0]));
    EXPECT_EQ(join_answer(t).generation_id, 2);
}

TEST_F(replay, a_restarted_static_member_keeps_its_place_after_a_coordinator_restart) {
    const ticket_id t = join(join_req("", subscription({"t"}), "i-1"));
    advance(config.initial_rebalance_delay_ms);
    const std::string old_id = join_answer(t).member_id;
    sync(old_id, 1, {{old_id, as_bytes("A")}}, "i-1");
    const ticket_id rejoin = join(join_req("", subscription({"t"}), "i-1"));
    const std::string new_id = join_answer(rejoin).member_id;
    restart_and_replay();
    // The replacement was persisted: the old id is fenced, the new one carries on.
    EXPECT_EQ(heartbeat(old_id, 1, "i-1"), error_code::fenced_instance_id);
    EXPECT_EQ(heartbeat(new_id, 1, "i-1"), error_code::none);
    EXPECT_EQ(sync_answer(sync(new_id, 1, {}, "i-1")).assignment, as_bytes("A"));
}

TEST_F(replay, unreadable_records_are_refused_and_change_nothing) {
    commit("", -1, {{{"t", 0}, 1, -1, std::nullopt}});
    EXPECT_EQ(coordinator->replay({{0, 9}, bytes{1}}, now_ms).error(), error_code::invalid_record);
    EXPECT_EQ(coordinator->replay({offset_tombstone(k_group, {"t", 0}).key, bytes{0, 7}}, now_ms).error(),
              error_code::invalid_record);
    // A group record naming a leader that is not a member could not have been written.
    stored_group bad;
    bad.protocol_type = "consumer";
    bad.protocol_name = "range";
    bad.leader_id = "ghost";
    bad.members.push_back({"m", std::nullopt, "c", "h", 1, 1, {}, {}});
    EXPECT_EQ(coordinator->replay(group_record(k_group, bad), now_ms).error(), error_code::invalid_record);
    stored_group twice = bad;
    twice.leader_id = "m";
    twice.members.push_back(twice.members.front());
    EXPECT_EQ(coordinator->replay(group_record(k_group, twice), now_ms).error(), error_code::invalid_record);
    EXPECT_EQ(coordinator->fetch_offsets({k_group, std::nullopt, false}).partitions.size(), 1u);
    EXPECT_EQ(state(), group_state::empty);
}

TEST_F(replay, a_group_tombstone_keeps_offsets_written_after_it) {
    ASSERT_TRUE(coordinator->replay(group_record(k_group, stored_group{"consumer", 3, std::nullopt, std::nullopt, 5, {}}),
                                    now_ms).has_value());
    ASSERT_TRUE(coordinator->replay(offset_record(k_group, {"t", 0}, {9, -1, "", 5, std::nullopt}), now_ms).has_value());
    EXPECT_EQ(state(), group_state::empty);
    EXPECT_EQ(coordinator->find_group(k_group)->generation_id, 3);
    EXPECT_EQ(coordinator->find_group(k_group)->state_timestamp_ms(), 5);
    ASSERT_TRUE(coordinator->replay(group_tombstone(k_group), now_ms).has_value());
    EXPECT_EQ(coordinator->find_group(k_group)->generation_id, 0);
    EXPECT_EQ(coordinator->fetch_offsets({k_group, std::nullopt, false}).partitions.size(), 1u);
    ASSERT_TRUE(coordinator->replay(offset_tombstone(k_group, {"t", 0}), now_ms).has_value());
    EXPECT_EQ(coordinator->group_count(), 0u);
}

}  // namespace
}  // namespace sb::kafka::groups::testing

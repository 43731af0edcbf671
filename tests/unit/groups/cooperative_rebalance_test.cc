// Incremental cooperative rebalancing (KIP-429, "cooperative-sticky"): the clients run two
// rebalances in a row, revoking partitions in the first and assigning them in the second,
// and say which partitions they own in their subscription metadata. The coordinator runs
// both as ordinary rebalances and passes every byte through untouched.

#include "coordinator_fixture.h"

namespace sb::kafka::groups::testing {
namespace {

class cooperative_rebalance : public coordinator_fixture {
protected:
    // ConsumerProtocolSubscription v2: owned partitions and the generation they are from.
    static bytes coop_subscription(const owned_partitions& owned, int32_t generation) {
        protocol::consumer_protocol_subscription s;
        s.topics = {"t"};
        for (const auto& [topic, partitions] : owned) s.owned_partitions.push_back({topic, partitions});
        s.generation_id = generation;
        protocol::writer w;
        w.write_int16(2);
        s.encode(w, 2);
        return w.take().linearize();
    }

    join_request coop(const std::string& member_id, const owned_partitions& owned, int32_t generation) const {
        join_request r = join_req(member_id);
        r.protocols = {{"cooperative-sticky", coop_subscription(owned, generation)}, {"range", subscription({"t"})}};
        return r;
    }

    std::vector<bytes> described_assignments() const {
        std::vector<bytes> out;
        for (const described_member& m : coordinator->describe_group(k_group).members) out.push_back(m.assignment);
        return out;
    }

    std::string join_new_coop() { return join_answer(join(coop("", {}, -1))).member_id; }
};

TEST_F(cooperative_rebalance, two_phase_rebalance_passes_owned_partitions_through) {
    // Generation 1: a alone owns t-0..3.
    const std::string a = join_new_coop();
    const ticket_id ta = join(coop(a, {}, -1));
    advance(config.initial_rebalance_delay_ms);
    ASSERT_EQ(join_answer(ta).protocol_name, "cooperative-sticky");
    const bytes all = assignment({{"t", {0, 1, 2, 3}}});
    EXPECT_EQ(sync_answer(sync(a, 1, {{a, all}})).assignment, all);

    // b arrives. a keeps consuming (and committing) during the join phase, then rejoins
    // saying what it owns.
    const std::string b = join_new_coop();
    join(coop(b, {}, -1));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(commit_answer(commit(a, 1, {{{"t", 0}, 10, -1, std::nullopt}})).partitions[0].error, error_code::none);
    const ticket_id ta2 = join(coop(a, {{"t", {0, 1, 2, 3}}}, 1));
    ASSERT_EQ(join_answer(ta2).generation_id, 2);
    EXPECT_EQ(join_answer(ta2).members,
              (std::vector<join_member>{{a, std::nullopt, coop_subscription({{"t", {0, 1, 2, 3}}}, 1)},
                                        {b, std::nullopt, coop_subscription({}, -1)}}));

    // First phase: the leader revokes t-2 and t-3 from a and gives b nothing yet.
    const bytes a_keeps = assignment({{"t", {0, 1}}});
    const bytes nothing = assignment({});
    EXPECT_EQ(sync_answer(sync(a, 2, {{a, a_keeps}, {b, nothing}})).assignment, a_keeps);
    EXPECT_EQ(sync_answer(sync(b, 2)).assignment, nothing);
    EXPECT_EQ(state(), group_state::stable);

    // Second phase: a revoked partitions, so both rejoin at once.
    const ticket_id ta3 = join(coop(a, {{"t", {0, 1}}}, 2));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    const ticket_id tb3 = join(coop(b, {}, 2));
    ASSERT_EQ(join_answer(ta3).generation_id, 3);
    EXPECT_EQ(join_answer(tb3).generation_id, 3);
    ASSERT_EQ(join_answer(ta3).members.size(), 2u);
    EXPECT_EQ(join_answer(ta3).members[0].metadata, coop_subscription({{"t", {0, 1}}}, 2));
    EXPECT_EQ(join_answer(ta3).members[1].metadata, coop_subscription({}, 2));
    const bytes b_gets = assignment({{"t", {2, 3}}});
    sync(a, 3, {{a, a_keeps}, {b, b_gets}});
    EXPECT_EQ(sync_answer(sync(b, 3)).assignment, b_gets);
    EXPECT_EQ(described_assignments(), (std::vector<bytes>{a_keeps, b_gets}));
    // The offset a committed mid-rebalance survived both phases.
    const offset_fetch_result fetched = coordinator->fetch_offsets({k_group, std::vector<topic_partition>{{"t", 0}}, false});
    EXPECT_EQ(fetched.partitions[0].offset, 10);
}

// A cooperative member keeps consuming while its JoinGroup waits, and a commit it sends
// meanwhile reaches the coordinator only once that JoinGroup is answered (requests of one
// connection are handled in order): by then the generation has moved on. librdkafka before
// 2.10.0 answers ILLEGAL_GENERATION by resetting its generation to -1, so its SyncGroup
// fails too and it rejoins owning nothing (its assignment "lost"). The coordinator must
// refuse both stale requests without touching the group, and hand the leader each member's
// latest metadata: partitions the member gave up are free, those the others own are not.
TEST_F(cooperative_rebalance, stale_commit_and_sync_after_a_join_leave_the_group_intact_and_the_leader_sees_latest_metadata) {
    const std::string a = join_new_coop();
    const ticket_id ta = join(coop(a, {}, -1));
    advance(config.initial_rebalance_delay_ms);
    ASSERT_EQ(join_answer(ta).generation_id, 1);
    const std::string b = join_new_coop();
    join(coop(b, {}, -1));
    const ticket_id ta2 = join(coop(a, {}, 1));
    ASSERT_EQ(join_answer(ta2).generation_id, 2);
    const bytes a_owns = assignment({{"t", {0, 1}}});
    const bytes b_owns = assignment({{"t", {2, 3}}});
    sync(a, 2, {{a, a_owns}, {b, b_owns}});
    ASSERT_EQ(sync_answer(sync(b, 2)).assignment, b_owns);
    ASSERT_EQ(state(), group_state::stable);

    // c joins; a and b rejoin with what they own, and the join phase ends (generation 3).
    const std::string c = join_new_coop();
    const ticket_id tc3 = join(coop(c, {}, -1));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    const ticket_id ta3 = join(coop(a, {{"t", {0, 1}}}, 2));
    // a's commit sent while its JoinGroup waited still carries generation 2.
    const ticket_id tb3 = join(coop(b, {{"t", {2, 3}}}, 2));
    ASSERT_EQ(join_answer(tb3).generation_id, 3);
    ASSERT_EQ(join_answer(tc3).generation_id, 3);
    ASSERT_EQ(join_answer(ta3).members.size(), 3u);
    ASSERT_EQ(state(), group_state::completing_rebalance);
    EXPECT_EQ(commit_answer(commit(a, 2, {{{"t", 0}, 7, -1, std::nullopt}})).partitions[0].error,
              error_code::illegal_generation);
    // librdkafka 2.0.2 now syncs and heartbeats with generation -1.
    EXPECT_EQ(sync_answer(sync(a, -1)).error, error_code::illegal_generation);
    EXPECT_EQ(heartbeat(a, -1), error_code::illegal_generation);
    // Nothing changed: same generation and members, b and c still wait for the leader.
    const ticket_id tb_sync = sync(b, 3);
    const ticket_id tc_sync = sync(c, 3);
    EXPECT_FALSE(answered(tb_sync));
    EXPECT_FALSE(answered(tc_sync));
    EXPECT_EQ(state(), group_state::completing_rebalance);
    EXPECT_EQ(coordinator->find_group(k_group)->generation_id, 3);
    EXPECT_EQ(coordinator->find_group(k_group)->member_count(), 3u);
    const offset_fetch_result fetched = coordinator->fetch_offsets({k_group, std::vector<topic_partition>{{"t", 0}}, false});
    EXPECT_EQ(fetched.partitions[0].offset, -1);

    // a rejoins owning nothing: a new join phase, the waiting syncs are told to rejoin.
    const ticket_id ta4 = join(coop(a, {}, -1));
    EXPECT_EQ(state(), group_state::preparing_rebalance);
    EXPECT_EQ(sync_answer(tb_sync).error, error_code::rebalance_in_progress);
    EXPECT_EQ(sync_answer(tc_sync).error, error_code::rebalance_in_progress);
    EXPECT_EQ(heartbeat(b, 3), error_code::rebalance_in_progress);
    EXPECT_EQ(heartbeat(c, 3), error_code::rebalance_in_progress);
    join(coop(b, {{"t", {2, 3}}}, 3));
    join(coop(c, {}, 3));
    ASSERT_EQ(join_answer(ta4).generation_id, 4);
    ASSERT_EQ(join_answer(ta4).leader_id, a);
    EXPECT_EQ(join_answer(ta4).members,
              (std::vector<join_member>{{a, std::nullopt, coop_subscription({}, -1)},
                                        {b, std::nullopt, coop_subscription({{"t", {2, 3}}}, 3)},
                                        {c, std::nullopt, coop_subscription({}, 3)}}));
}

TEST_F(cooperative_rebalance, a_member_dropping_the_cooperative_protocol_moves_the_group_to_a_common_one) {
    const std::string a = join_new_coop();
    const ticket_id ta = join(coop(a, {}, -1));
    advance(config.initial_rebalance_delay_ms);
    sync(a, 1, {{a, {}}});
    // A consumer configured with range only (a rolling upgrade in reverse).
    const auto [b, tb] = join_new(subscription({"t"}));
    const ticket_id ta2 = join(coop(a, {}, 1));
    EXPECT_EQ(join_answer(ta2).protocol_name, "range");
    EXPECT_EQ(join_answer(tb).protocol_name, "range");
    EXPECT_EQ(join_answer(ta2).members[1].metadata, subscription({"t"}));
    (void)ta;
}

}  // namespace
}  // namespace sb::kafka::groups::testing

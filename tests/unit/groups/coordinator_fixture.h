#pragma once
// A group_coordinator driven the way the network layer will drive it: every call is
// followed by draining its ready, answers are kept by ticket, and persist requests are
// acknowledged at once (or held, for tests of durability). The clock is a number.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "kafka/groups/group_coordinator.h"
#include "protocol/messages/consumer_protocol_assignment.h"
#include "protocol/messages/consumer_protocol_subscription.h"
#include "protocol/writer.h"

namespace sb::kafka::groups::testing {

using owned_partitions = std::vector<std::pair<std::string, std::vector<int32_t>>>;

// A ConsumerProtocolSubscription as Kafka's clients send it: int16 version, then the body.
inline bytes subscription(std::vector<std::string> topics, const owned_partitions& owned = {}, int16_t version = 1) {
    protocol::consumer_protocol_subscription s;
    s.topics = std::move(topics);
    for (const auto& [topic, partitions] : owned) s.owned_partitions.push_back({topic, partitions});
    protocol::writer w;
    w.write_int16(version);
    s.encode(w, version);
    return w.take().linearize();
}

inline bytes assignment(const owned_partitions& partitions) {
    protocol::consumer_protocol_assignment a;
    for (const auto& [topic, numbers] : partitions) a.assigned_partitions.push_back({topic, numbers});
    protocol::writer w;
    w.write_int16(0);
    a.encode(w, 0);
    return w.take().linearize();
}

inline constexpr int64_t k_start_ms = 1'700'000'000'000;
inline constexpr int32_t k_session_timeout_ms = 10'000;
inline constexpr int32_t k_rebalance_timeout_ms = 30'000;
inline const std::string k_group = "g";

class coordinator_fixture : public ::testing::Test {
protected:
    coordinator_fixture() { restart(); }

    // A fresh coordinator (the config may have been changed first); answers and persists
    // of the old one are forgotten, the log of everything persisted is kept.
    void restart() {
        uuid_counter = 0;
        coordinator = std::make_unique<group_coordinator>(config, [this] { return "uuid-" + std::to_string(++uuid_counter); },
                                                          now_ms);
        answers.clear();
        held.clear();
    }

    // Feeds every record persisted so far into a fresh coordinator, as a restart does.
    void restart_and_replay() {
        const std::vector<stored_record> log = persisted_log;
        restart();
        for (const stored_record& record : log) ASSERT_TRUE(coordinator->replay(record, now_ms).has_value());
        drain();
    }

    void drain() {
        while (coordinator->has_ready()) {
            ready r = coordinator->take_ready();
            for (answer& a : r.answers) {
                ASSERT_FALSE(answers.contains(a.ticket)) << "ticket " << a.ticket << " answered twice";
                answers.emplace(a.ticket, std::move(a.result));
            }
            for (persist_request& p : r.to_persist) {
                if (hold_persists) {
                    held.push_back(std::move(p));
                } else {
                    acknowledge(p, error_code::none);
                }
            }
        }
    }

    void acknowledge(const persist_request& p, error_code error) {
        if (error == error_code::none) persisted_log.insert(persisted_log.end(), p.records.begin(), p.records.end());
        coordinator->on_persisted(p.persist_id, error, now_ms);
    }

    // Completes the held persists (in order) with `error`.
    void release_held(error_code error = error_code::none) {
        std::vector<persist_request> pending = std::exchange(held, {});
        for (const persist_request& p : pending) acknowledge(p, error);
        drain();
    }

    // Lets `ms` pass the way the driver does: a tick at every deadline on the way.
    void advance(int64_t ms) {
        const int64_t target_ms = now_ms + ms;
        while (coordinator->next_deadline_ms() <= target_ms) {
            now_ms = std::max(now_ms, coordinator->next_deadline_ms());
            coordinator->tick(now_ms);
            drain();
        }
        now_ms = target_ms;
        coordinator->tick(now_ms);
        drain();
    }

    // ── requests ──
    join_request join_req(std::string member_id, bytes metadata = subscription({"t"}),
                          std::optional<std::string> instance_id = std::nullopt) const {
        join_request r;
        r.group_id = k_group;
        r.member_id = std::move(member_id);
        r.group_instance_id = std::move(instance_id);
        r.client_id = "client";
        r.client_host = "/127.0.0.1";
        r.session_timeout_ms = k_session_timeout_ms;
        r.rebalance_timeout_ms = k_rebalance_timeout_ms;
        r.protocol_type = "consumer";
        r.protocols = {{"range", std::move(metadata)}};
        r.require_known_member_id = true;
        return r;
    }

    ticket_id join(const join_request& request) {
        const ticket_id ticket = next_ticket++;
        coordinator->join_group(ticket, request, now_ms);
        drain();
        return ticket;
    }

    ticket_id sync(const std::string& member_id, int32_t generation, std::vector<member_assignment> assignments = {},
                   std::optional<std::string> instance_id = std::nullopt) {
        sync_request r;
        r.group_id = k_group;
        r.generation_id = generation;
        r.member_id = member_id;
        r.group_instance_id = std::move(instance_id);
        r.assignments = std::move(assignments);
        const ticket_id ticket = next_ticket++;
        coordinator->sync_group(ticket, r, now_ms);
        drain();
        return ticket;
    }

    error_code heartbeat(const std::string& member_id, int32_t generation,
                         std::optional<std::string> instance_id = std::nullopt) {
        const error_code error = coordinator->heartbeat({k_group, generation, member_id, std::move(instance_id)}, now_ms);
        drain();
        return error;
    }

    leave_result leave(std::vector<leaving_member> members) {
        leave_result result = coordinator->leave_group({k_group, std::move(members)}, now_ms);
        drain();
        return result;
    }

    ticket_id commit(const std::string& member_id, int32_t generation, std::vector<partition_commit> partitions,
                     std::string group_id = k_group) {
        offset_commit_request r;
        r.group_id = std::move(group_id);
        r.generation_id = generation;
        r.member_id = member_id;
        r.partitions = std::move(partitions);
        return commit(r);
    }

    ticket_id commit(const offset_commit_request& request) {
        const ticket_id ticket = next_ticket++;
        coordinator->commit_offsets(ticket, request, now_ms);
        drain();
        return ticket;
    }

    // ── answers ──
    bool answered(ticket_id ticket) const { return answers.contains(ticket); }

    template <class T>
    const T& answer_of(ticket_id ticket) const {
        auto it = answers.find(ticket);
        if (it == answers.end()) ADD_FAILURE() << "ticket " << ticket << " not answered";
        static const T none{};
        if (it == answers.end()) return none;
        return std::get<T>(it->second);
    }
    const join_result& join_answer(ticket_id t) const { return answer_of<join_result>(t); }
    const sync_result& sync_answer(ticket_id t) const { return answer_of<sync_result>(t); }
    const offset_commit_result& commit_answer(ticket_id t) const { return answer_of<offset_commit_result>(t); }

    // A new member's JoinGroup v4+: MEMBER_ID_REQUIRED, then the same with the id given.
    // Returns the member id and the ticket of the second (parked) JoinGroup.
    std::pair<std::string, ticket_id> join_new(bytes metadata = subscription({"t"})) {
        const ticket_id first = join(join_req("", metadata));
        EXPECT_EQ(join_answer(first).error, error_code::member_id_required);
        const std::string member_id = join_answer(first).member_id;
        return {member_id, join(join_req(member_id, std::move(metadata)))};
    }

    // Forms generation `generation` of a group of `count` new dynamic members: all join,
    // the initial delay passes, the leader (the first) assigns "a-<member>" to each, and
    // every member syncs. Returns the member ids in join order.
    std::vector<std::string> form_group(std::size_t count) {
        std::vector<std::string> ids;
        ticket_id last = 0;
        for (std::size_t i = 0; i < count; ++i) std::tie(ids.emplace_back(), last) = join_new();
        // The initial delay, extended once when more than one member arrived.
        advance(config.initial_rebalance_delay_ms);
        if (count > 1) advance(config.initial_rebalance_delay_ms);
        EXPECT_TRUE(answered(last));
        sync_all(ids, coordinator->find_group(k_group)->generation_id);
        return ids;
    }

    // The leader (ids.front()) assigns "a-<member id>" to every member, then all sync.
    void sync_all(const std::vector<std::string>& ids, int32_t generation) {
        std::vector<member_assignment> assignments;
        for (const std::string& id : ids) assignments.push_back({id, as_bytes("a-" + id)});
        for (const std::string& id : ids) {
            const ticket_id t = sync(id, generation, id == ids.front() ? assignments : std::vector<member_assignment>{});
            if (id == ids.front()) {
                EXPECT_EQ(sync_answer(t).error, error_code::none);
            }
        }
    }

    static bytes as_bytes(const std::string& s) { return bytes(s.begin(), s.end()); }

    group_state state() const { return coordinator->state_of(k_group); }
    const group& the_group() const { return *coordinator->find_group(k_group); }

    group_config config;
    int64_t now_ms = k_start_ms;
    std::unique_ptr<group_coordinator> coordinator;
    int uuid_counter = 0;
    ticket_id next_ticket = 1;
    std::map<ticket_id, answer_result> answers;
    bool hold_persists = false;
    std::vector<persist_request> held;
    std::vector<stored_record> persisted_log;
};

}  // namespace sb::kafka::groups::testing

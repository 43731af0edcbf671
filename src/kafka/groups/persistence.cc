// Emitting records and acting on their durability.

#include <cassert>
#include <utility>

#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {
namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

error_code client_error_for_append(error_code append_error, bool offsets) {
    switch (append_error) {
        case error_code::unknown_topic_or_partition:
        case error_code::not_enough_replicas:
        case error_code::not_enough_replicas_after_append:
        case error_code::request_timed_out: return error_code::coordinator_not_available;
        case error_code::not_leader_or_follower:
        case error_code::kafka_storage_error: return error_code::not_coordinator;
        case error_code::message_too_large:
        case error_code::record_list_too_large:
        case error_code::invalid_fetch_size:
            return offsets ? error_code::invalid_commit_offset_size : error_code::unknown_server_error;
        default: return append_error;
    }
}

uint64_t group_coordinator::persist(std::vector<stored_record> records, persist_waiter waiter) {
    assert(!records.empty());
    const uint64_t persist_id = next_persist_id_++;
    ready_.to_persist.push_back({persist_id, std::move(records)});
    if (!std::holds_alternative<no_waiter>(waiter)) waiters_.emplace(persist_id, std::move(waiter));
    return persist_id;
}

stored_group group_coordinator::stored_form(const group& g) const {
    stored_group out;
    out.protocol_type = g.protocol_type;
    out.generation_id = g.generation_id;
    out.protocol_name = g.protocol_name;
    out.leader_id = g.leader_id();
    out.state_timestamp_ms = g.state_timestamp_ms().value_or(0);
    for (const member* m : g.members_in_join_order()) {
        stored_member& s = out.members.emplace_back();
        s.member_id = m->member_id;
        s.group_instance_id = m->group_instance_id;
        s.client_id = m->client_id;
        s.client_host = m->client_host;
        s.rebalance_timeout_ms = m->rebalance_timeout_ms;
        s.session_timeout_ms = m->session_timeout_ms;
        if (g.protocol_name) s.subscription = *m->metadata_for(*g.protocol_name);
        s.assignment = m->assignment;
    }
    return out;
}

void group_coordinator::on_persisted(uint64_t persist_id, error_code error, int64_t now_ms) {
    auto node = waiters_.extract(persist_id);
    if (node.empty()) return;
    std::visit(overloaded{
                   [](no_waiter&) {},
                   [&](commit_waiter& w) { on_commit_persisted(w, error); },
                   [&](sync_waiter& w) {
                       group* g = find_incarnation(w.group_id, w.incarnation);
                       // Another member may have started a new rebalance meanwhile: then
                       // this assignment is stale and nobody waits for it.
                       if (!g || g->state() != group_state::completing_rebalance || g->generation_id != w.generation_id) {
                           return;
                       }
                       if (error == error_code::none) {
                           complete_sync(*g, w, now_ms);
                       } else {
                           propagate_sync_error(*g, client_error_for_append(error, false));
                           prepare_rebalance(*g, now_ms);
                       }
                       settle(w.group_id);
                   },
                   [&](static_rejoin_waiter& w) { on_static_rejoin_persisted(w, error); },
                   [&](deletion_waiter& w) { on_deletion_persisted(w, error); },
               },
               node.mapped());
}

void group_coordinator::on_commit_persisted(commit_waiter& waiter, error_code error) {
    // A DeleteGroups may have removed the group meanwhile. Its tombstones were emitted after
    // this commit, so they follow it in the log and a replay would not show the offset
    // either: leave the group gone (or its new incarnation alone).
    group* g = find_incarnation(waiter.group_id, waiter.incarnation);
    for (commit_waiter::pending_commit& commit : waiter.commits) {
        if (g) {
            auto pending = g->pending_commits.find(commit.partition);
            if (pending != g->pending_commits.end() && --pending->second == 0) g->pending_commits.erase(pending);
            if (error == error_code::none) g->offsets[commit.partition] = std::move(commit.value);
        }
        if (error != error_code::none) {
            waiter.result.partitions[commit.result_index].error = client_error_for_append(error, true);
        }
    }
    answer_ticket(waiter.ticket, std::move(waiter.result));
    settle(waiter.group_id);
}

void group_coordinator::on_static_rejoin_persisted(static_rejoin_waiter& waiter, error_code error) {
    // On failure the member keeps its new id in memory: its old process is gone anyway,
    // and a retry (with no member id) replaces it again.
    if (error != error_code::none) {
        join_result failed;
        failed.error = client_error_for_append(error, false);
        return answer_ticket(waiter.ticket, std::move(failed));
    }
    answer_ticket(waiter.ticket, std::move(waiter.result));
}

void group_coordinator::on_deletion_persisted(deletion_waiter& waiter, error_code error) {
    if (error != error_code::none) {
        const error_code client_error = client_error_for_append(error, false);
        const auto fail = [&](auto& entries) {
            for (auto& entry : entries) {
                if (entry.error == error_code::none) entry.error = client_error;
            }
        };
        if (auto* groups = std::get_if<delete_groups_result>(&waiter.result)) fail(groups->groups);
        if (auto* offsets = std::get_if<offset_delete_result>(&waiter.result)) fail(offsets->partitions);
    }
    answer_ticket(waiter.ticket, std::move(waiter.result));
}

}  // namespace sb::kafka::groups

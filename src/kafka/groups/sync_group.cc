// SyncGroup: the leader hands in the assignment; every member gets its part once the
// assignment is durable.

#include <cassert>
#include <utility>

#include "kafka/groups/group_coordinator.h"
#include "kafka/groups/map_lookup.h"

namespace sb::kafka::groups {
namespace {

sync_result sync_error(error_code error) { return sync_result{error, {}, {}, {}}; }

}  // namespace

void group_coordinator::sync_group(ticket_id ticket, const sync_request& request, int64_t now_ms) {
    if (request.group_id.empty()) return answer_ticket(ticket, sync_error(error_code::invalid_group_id));
    group* g = find_mutable(request.group_id);
    if (!g) return answer_ticket(ticket, sync_error(error_code::unknown_member_id));

    error_code error = error_code::none;
    if (g->is_static_member_fenced(request.group_instance_id, request.member_id)) {
        error = error_code::fenced_instance_id;
    } else if (!g->has_member(request.member_id)) {
        error = error_code::unknown_member_id;
    } else if (request.generation_id != g->generation_id) {
        error = error_code::illegal_generation;
    } else if ((request.protocol_type && request.protocol_type != g->protocol_type) ||
               (request.protocol_name && request.protocol_name != g->protocol_name)) {
        error = error_code::inconsistent_group_protocol;
    } else if (g->state() == group_state::preparing_rebalance) {
        error = error_code::rebalance_in_progress;
    }
    if (error != error_code::none) return answer_ticket(ticket, sync_error(error));

    member& m = *g->find_member(request.member_id);
    g->pending_sync_members.erase(m.member_id);
    if (g->pending_sync_members.empty()) g->sync_deadline_ms.reset();  // everyone is in
    if (g->state() == group_state::stable) {
        // The assignment is set already (a follower that synced late, or a static member
        // that rejoined without a rebalance).
        answer_ticket(ticket, sync_result{error_code::none, g->protocol_type, g->protocol_name, m.assignment});
        refresh_session(*g, m, now_ms);
        return settle(request.group_id);
    }
    assert(g->state() == group_state::completing_rebalance);  // Empty and Dead groups have no members
    park_sync(m, ticket);
    if (g->is_leader(m.member_id)) {
        // Members the leader left out get an empty assignment; entries for unknown members
        // are ignored.
        sync_waiter waiter{g->id(), g->incarnation, g->generation_id, {}};
        for (const auto& [id, entry] : g->members()) waiter.assignments[id];
        for (const member_assignment& a : request.assignments) {
            if (bytes* slot = find_value(waiter.assignments, a.member_id)) *slot = a.assignment;
        }
        stored_group record = stored_form(*g);
        for (stored_member& sm : record.members) sm.assignment = waiter.assignments.at(sm.member_id);
        persist({group_record(g->id(), record)}, std::move(waiter));
    }
    settle(request.group_id);
}

void group_coordinator::complete_sync(group& g, const sync_waiter& waiter, int64_t now_ms) {
    assert(g.state() == group_state::completing_rebalance && g.generation_id == waiter.generation_id);
    for (const auto& [id, entry] : g.members()) {
        member& m = *g.find_member(id);
        auto it = waiter.assignments.find(id);
        // A member that joined the generation is in the assignment; members cannot join
        // without a new generation.
        assert(it != waiter.assignments.end());
        m.assignment = it->second;
    }
    g.transition_to(group_state::stable, now_ms);
    for (const auto& [id, entry] : g.members()) {
        member& m = *g.find_member(id);
        if (!m.sync_ticket) continue;
        answer_ticket(*std::exchange(m.sync_ticket, std::nullopt),
                      sync_result{error_code::none, g.protocol_type, g.protocol_name, m.assignment});
        refresh_session(g, m, now_ms);
    }
}

}  // namespace sb::kafka::groups

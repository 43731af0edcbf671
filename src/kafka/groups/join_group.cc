// JoinGroup: admitting members, handing out member ids, static members rejoining.

#include <cassert>

#include "kafka/groups/group_coordinator.h"
#include "protocol/wire_limits.h"

namespace sb::kafka::groups {
namespace {

join_result join_error(std::string member_id, error_code error) {
    join_result out;
    out.error = error;
    out.member_id = std::move(member_id);
    return out;
}

}  // namespace

std::string group_coordinator::new_member_id(const std::string& client_id) {
    std::string uuid = new_uuid_();
    // The id goes back to the client as a Kafka string: cut the client id so that it fits.
    const std::size_t room = protocol::k_max_string_bytes - uuid.size() - 1;
    return client_id.substr(0, room) + "-" + uuid;
}

void group_coordinator::join_group(ticket_id ticket, const join_request& request, int64_t now_ms) {
    if (request.group_id.empty()) return answer_ticket(ticket, join_error(request.member_id, error_code::invalid_group_id));
    if (request.session_timeout_ms < config_.min_session_timeout_ms ||
        request.session_timeout_ms > config_.max_session_timeout_ms) {
        return answer_ticket(ticket, join_error(request.member_id, error_code::invalid_session_timeout));
    }
    const bool is_new_member = request.member_id.empty();
    group* g = find_mutable(request.group_id);
    if (!g) {
        // A member that names itself cannot create the group it claims to belong to.
        if (!is_new_member) return answer_ticket(ticket, join_error(request.member_id, error_code::unknown_member_id));
        g = create_group(request.group_id, now_ms);
        if (!g) return answer_ticket(ticket, join_error("", error_code::coordinator_not_available));
    }
    if (!accepts_joining_member(*g, request.member_id)) {
        // Over group.max.size: a member that had not rejoined yet loses its place too.
        if (g->has_member(request.member_id)) remove_member_and_rebalance(*g, request.member_id, now_ms);
        answer_ticket(ticket, join_error("", error_code::group_max_size_reached));
    } else if (is_new_member) {
        join_new_member(*g, ticket, request, now_ms);
    } else {
        join_known_member(*g, ticket, request, now_ms);
    }
    if (g->state() == group_state::preparing_rebalance) maybe_complete_join(*g, now_ms);
    settle(request.group_id);
}

bool group_coordinator::accepts_joining_member(const group& g, const std::string& member_id) const {
    const auto max_size = static_cast<std::size_t>(config_.max_size);
    const member* m = g.find_member(member_id);
    switch (g.state()) {
        case group_state::empty:
        case group_state::dead: return true;
        case group_state::preparing_rebalance:
            // Members that already rejoined keep their place; the others compete for the rest.
            return (m && m->awaiting_join()) || g.awaiting_join_count() < max_size;
        case group_state::completing_rebalance:
        case group_state::stable: return m != nullptr || g.member_count() < max_size;
    }
    return false;
}

void group_coordinator::join_new_member(group& g, ticket_id ticket, const join_request& request, int64_t now_ms) {
    if (!g.supports_protocols(request.protocol_type, request.protocols)) {
        return answer_ticket(ticket, join_error("", error_code::inconsistent_group_protocol));
    }
    std::string member_id = new_member_id(request.client_id);
    if (request.group_instance_id) {
        if (const std::string* old_member_id = g.static_member_id(*request.group_instance_id)) {
            const std::string old_id = *old_member_id;  // the map entry changes on replacement
            return rejoin_static_member(g, ticket, request, old_id, std::move(member_id), now_ms);
        }
        return add_member_and_rebalance(g, ticket, request, std::move(member_id), now_ms);
    }
    if (request.require_known_member_id) {
        // The client must come back with this id: only then is it a member. Until then it
        // holds no place in the group, but the join phase waits for it.
        g.add_pending_member(member_id, deadline_after(now_ms, request.session_timeout_ms));
        return answer_ticket(ticket, join_error(std::move(member_id), error_code::member_id_required));
    }
    add_member_and_rebalance(g, ticket, request, std::move(member_id), now_ms);
}

void group_coordinator::join_known_member(group& g, ticket_id ticket, const join_request& request, int64_t now_ms) {
    const std::string& member_id = request.member_id;
    if (!g.supports_protocols(request.protocol_type, request.protocols)) {
        return answer_ticket(ticket, join_error(member_id, error_code::inconsistent_group_protocol));
    }
    if (g.is_pending_member(member_id)) {
        // Pending ids are handed to dynamic members only; one presented with an instance id
        // is not a request this coordinator made.
        if (request.group_instance_id) return answer_ticket(ticket, join_error(member_id, error_code::unknown_member_id));
        return add_member_and_rebalance(g, ticket, request, member_id, now_ms);
    }
    if (g.is_static_member_fenced(request.group_instance_id, member_id)) {
        return answer_ticket(ticket, join_error(member_id, error_code::fenced_instance_id));
    }
    member* m = g.find_member(member_id);
    const bool unknown_instance = request.group_instance_id && !g.static_member_id(*request.group_instance_id);
    if (!m || unknown_instance) return answer_ticket(ticket, join_error(member_id, error_code::unknown_member_id));

    switch (g.state()) {
        case group_state::preparing_rebalance: return update_member_and_rebalance(g, *m, ticket, request, now_ms);
        case group_state::completing_rebalance:
            // The same metadata again: the member most likely missed the JoinGroup answer.
            if (m->has_protocols(request.protocols)) {
                return answer_ticket(ticket, current_generation_join_result(g, member_id, g.is_leader(member_id)));
            }
            return update_member_and_rebalance(g, *m, ticket, request, now_ms);
        case group_state::stable:
            // The leader rejoins to make the group rebalance for something only it sees (a
            // topic's partitions changed); a follower only when its metadata changed.
            if (g.is_leader(member_id) || !m->has_protocols(request.protocols)) {
                return update_member_and_rebalance(g, *m, ticket, request, now_ms);
            }
            return answer_ticket(ticket, current_generation_join_result(g, member_id, false));
        case group_state::empty:
        case group_state::dead: break;
    }
    answer_ticket(ticket, join_error(member_id, error_code::unknown_member_id));
}

void group_coordinator::add_member_and_rebalance(group& g, ticket_id ticket, const join_request& request,
                                                 std::string member_id, int64_t now_ms) {
    if (g.member_count() == 0) g.protocol_type = request.protocol_type;
    if (g.state() == group_state::preparing_rebalance && g.initial_rebalance) g.new_member_added = true;
    member m;
    m.member_id = std::move(member_id);
    m.group_instance_id = request.group_instance_id;
    m.client_id = request.client_id;
    m.client_host = request.client_host;
    m.session_timeout_ms = request.session_timeout_ms;
    m.rebalance_timeout_ms = request.rebalance_timeout_ms;
    m.protocols = request.protocols;
    m.is_new = true;
    m.join_ticket = ticket;
    // A new member cannot heartbeat while its JoinGroup is parked, and a client that gave
    // up will retry as yet another new member: bound how long this one holds a place.
    m.expiry_ms = deadline_after(now_ms, config_.new_member_join_timeout_ms);
    g.add_member(std::move(m));
    maybe_prepare_rebalance(g, now_ms);
}

void group_coordinator::update_member_and_rebalance(group& g, member& m, ticket_id ticket, const join_request& request,
                                                    int64_t now_ms) {
    m.protocols = request.protocols;
    m.session_timeout_ms = request.session_timeout_ms;
    m.rebalance_timeout_ms = request.rebalance_timeout_ms;
    park_join(m, ticket);
    maybe_prepare_rebalance(g, now_ms);
}

void group_coordinator::rejoin_static_member(group& g, ticket_id ticket, const join_request& request,
                                             const std::string& old_member_id, std::string new_member_id,
                                             int64_t now_ms) {
    const std::optional<std::string> previous_leader = g.leader_id();
    // The old process is gone or about to be: whatever it still has parked is fenced.
    const orphaned_tickets fenced = g.replace_static_member(*request.group_instance_id, old_member_id, new_member_id);
    if (fenced.join_ticket) answer_ticket(*fenced.join_ticket, join_error(old_member_id, error_code::fenced_instance_id));
    if (fenced.sync_ticket) answer_ticket(*fenced.sync_ticket, sync_result{error_code::fenced_instance_id, {}, {}, {}});
    member& m = *g.find_member(new_member_id);
    m.client_id = request.client_id;
    m.client_host = request.client_host;
    m.protocols = request.protocols;
    m.session_timeout_ms = request.session_timeout_ms;
    m.rebalance_timeout_ms = request.rebalance_timeout_ms;
    refresh_session(g, m, now_ms);

    switch (g.state()) {
        case group_state::stable: {
            // KIP-345: a restarted static member takes its old place without a rebalance,
            // unless its protocols would change the group's protocol.
            if (g.select_protocol() != g.protocol_name) {
                park_join(m, ticket);
                return prepare_rebalance(g, now_ms);
            }
            const bool is_leader = g.is_leader(new_member_id);
            join_result result;
            if (request.supports_skip_assignment) {
                // v9+: the leader learns it leads but must not compute a new assignment.
                result = current_generation_join_result(g, new_member_id, is_leader);
                result.skip_assignment = is_leader;
            } else {
                // Older clients would reassign on hearing that they lead, and a Stable group
                // would not pass the new assignment on: name the old leader id instead.
                result = current_generation_join_result(g, new_member_id, false);
                result.leader_id = previous_leader.value_or("");
            }
            persist({group_record(g.id(), stored_form(g))},
                    static_rejoin_waiter{ticket, g.id(), new_member_id, std::move(result)});
            return;
        }
        case group_state::completing_rebalance:
            // The leader may already be assigning to the old id: start over.
            park_join(m, ticket);
            return prepare_rebalance(g, now_ms);
        case group_state::preparing_rebalance: park_join(m, ticket); return;
        case group_state::empty:
        case group_state::dead: break;  // a group with a static member is neither
    }
    assert(false && "a group with members is not Empty or Dead");
}

join_result group_coordinator::current_generation_join_result(const group& g, const std::string& member_id,
                                                              bool with_members) const {
    join_result out;
    out.generation_id = g.generation_id;
    out.protocol_type = g.protocol_type;
    out.protocol_name = g.protocol_name;
    out.leader_id = g.leader_id().value_or("");
    out.member_id = member_id;
    if (with_members) {
        assert(g.protocol_name);
        for (const member* m : g.members_in_join_order()) {
            out.members.push_back(join_member{m->member_id, m->group_instance_id, *m->metadata_for(*g.protocol_name)});
        }
    }
    return out;
}

}  // namespace sb::kafka::groups

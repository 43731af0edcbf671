// Heartbeat and LeaveGroup: a member staying alive, and members going away.

#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {

error_code group_coordinator::heartbeat(const heartbeat_request& request, int64_t now_ms) {
    if (request.group_id.empty()) return error_code::invalid_group_id;
    group* g = find_mutable(request.group_id);
    if (!g) return error_code::unknown_member_id;
    if (g->is_static_member_fenced(request.group_instance_id, request.member_id)) return error_code::fenced_instance_id;
    member* m = g->find_member(request.member_id);
    if (!m) return error_code::unknown_member_id;
    if (request.generation_id != g->generation_id) return error_code::illegal_generation;

    refresh_session(*g, *m, now_ms);
    // A member that heartbeats between its JoinGroup answer and its SyncGroup is fine
    // (CompletingRebalance); during a join phase it is told to rejoin.
    const bool rejoin = g->state() == group_state::preparing_rebalance;
    settle(request.group_id);
    return rejoin ? error_code::rebalance_in_progress : error_code::none;
}

leave_result group_coordinator::leave_group(const leave_request& request, int64_t now_ms) {
    leave_result out;
    if (request.group_id.empty()) {
        out.error = error_code::invalid_group_id;
        return out;
    }
    group* g = find_mutable(request.group_id);
    for (const leaving_member& leaving : request.members) {
        leaving_member_result& result = out.members.emplace_back();
        result.member_id = leaving.member_id;
        result.group_instance_id = leaving.group_instance_id;
        if (!g) {
            result.error = error_code::unknown_member_id;
        } else if (leaving.member_id.empty()) {
            // An administrator removing a static member by its instance id alone (KIP-345).
            const std::string* member_id = leaving.group_instance_id ? g->static_member_id(*leaving.group_instance_id) : nullptr;
            if (member_id) {
                remove_member_and_rebalance(*g, std::string(*member_id), now_ms);
            } else {
                result.error = error_code::unknown_member_id;
            }
        } else if (g->is_pending_member(leaving.member_id)) {
            g->remove_pending_member(leaving.member_id);
            if (g->state() == group_state::preparing_rebalance && g->all_members_joined()) complete_join(*g, now_ms);
        } else if (g->is_static_member_fenced(leaving.group_instance_id, leaving.member_id)) {
            result.error = error_code::fenced_instance_id;
        } else if (!g->has_member(leaving.member_id)) {
            result.error = error_code::unknown_member_id;
        } else {
            remove_member_and_rebalance(*g, leaving.member_id, now_ms);
        }
    }
    if (g) settle(request.group_id);
    return out;
}

}  // namespace sb::kafka::groups

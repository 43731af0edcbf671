// ListGroups, DescribeGroups and DeleteGroups.

#include <algorithm>
#include <set>

#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {

std::vector<group_listing> group_coordinator::list_groups(const std::vector<std::string>& states) const {
    std::set<group_state> wanted;
    for (const std::string& name : states) {
        // A name that is no state matches no group, as in Kafka.
        if (std::optional<group_state> state = parse_state(name)) wanted.insert(*state);
    }
    std::vector<group_listing> out;
    for (const auto& [group_id, g] : groups_) {
        if (!states.empty() && !wanted.contains(g.state())) continue;
        out.push_back({group_id, g.protocol_type.value_or(""), std::string(state_name(g.state()))});
    }
    return out;
}

group_description group_coordinator::describe_group(const std::string& group_id) const {
    group_description out;
    out.group_id = group_id;
    const group* g = find_group(group_id);
    if (!g) {
        out.state = state_name(group_state::dead);
        return out;
    }
    out.state = state_name(g->state());
    out.protocol_type = g->protocol_type.value_or("");
    // Metadata and assignments mean something only for a settled generation.
    const bool stable = g->state() == group_state::stable;
    if (stable) out.protocol_name = g->protocol_name.value_or("");
    for (const member* m : g->members_in_join_order()) {
        described_member& d = out.members.emplace_back();
        d.member_id = m->member_id;
        d.group_instance_id = m->group_instance_id;
        d.client_id = m->client_id;
        d.client_host = m->client_host;
        if (stable) {
            d.metadata = *m->metadata_for(*g->protocol_name);
            d.assignment = m->assignment;
        }
    }
    return out;
}

void group_coordinator::delete_groups(ticket_id ticket, const std::vector<std::string>& group_ids, int64_t now_ms) {
    delete_groups_result result;
    std::vector<stored_record> records;
    std::set<std::string> seen;
    for (const std::string& group_id : group_ids) {
        if (!seen.insert(group_id).second) continue;
        group_deletion& deletion = result.groups.emplace_back();
        deletion.group_id = group_id;
        group* g = find_mutable(group_id);
        if (!g) {
            deletion.error = error_code::group_id_not_found;
            continue;
        }
        if (g->state() != group_state::empty) {
            deletion.error = error_code::non_empty_group;
            continue;
        }
        for (const auto& [partition, value] : g->offsets) records.push_back(offset_tombstone(group_id, partition));
        records.push_back(group_tombstone(group_id));
        g->transition_to(group_state::dead, now_ms);
        groups_.erase(group_id);
        group_deadlines_.set(group_id, std::nullopt);
    }
    if (records.empty()) {
        answer_ticket(ticket, std::move(result));
    } else {
        persist(std::move(records), deletion_waiter{ticket, std::move(result)});
    }
}

}  // namespace sb::kafka::groups

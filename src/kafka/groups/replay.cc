// Rebuilding the groups from their records at load (the __consumer_offsets partition, in
// log order). The result is what the coordinator held when it wrote the last record,
// except that membership is that of the last persisted generation and sessions restart
// now: members that are still alive heartbeat on, the others expire.

#include <set>

#include "kafka/groups/consumer_subscription.h"
#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {
namespace {

// A record that decodes but could not have been written by this coordinator.
bool is_consistent(const stored_group& stored) {
    if (stored.members.empty()) return true;
    if (!stored.protocol_type || !stored.protocol_name || !stored.leader_id) return false;
    std::set<std::string> member_ids;
    std::set<std::string> instance_ids;
    for (const stored_member& m : stored.members) {
        if (m.member_id.empty() || !member_ids.insert(m.member_id).second) return false;
        if (m.group_instance_id && !instance_ids.insert(*m.group_instance_id).second) return false;
    }
    return member_ids.contains(*stored.leader_id);
}

}  // namespace

sb::status group_coordinator::replay(const stored_record& record, int64_t now_ms) {
    sb::result<record_key> key = decode_key(record.key);
    if (!key) return sb::unexpected(key.error());
    if (const auto* offset = std::get_if<offset_key>(&*key)) return replay_offset(*offset, record.value, now_ms);
    return replay_group(std::get<group_key>(*key), record.value, now_ms);
}

sb::status group_coordinator::replay_offset(const offset_key& key, const std::optional<bytes>& value, int64_t now_ms) {
    group* g = find_mutable(key.group_id);
    if (!value) {
        if (g) g->offsets.erase(key.partition);
        settle(key.group_id);
        return {};
    }
    sb::result<committed_offset> decoded = decode_offset_value(*value);
    if (!decoded) return sb::unexpected(decoded.error());
    if (!g) {
        // Offsets with no group record (yet): a group that only commits. Its offsets age
        // from their commit time until a group record says when it became empty.
        g = &emplace_group(key.group_id, now_ms);
        g->restore_state(group_state::empty, std::nullopt);
    }
    g->offsets[key.partition] = std::move(*decoded);
    settle(key.group_id);
    return {};
}

sb::status group_coordinator::replay_group(const group_key& key, const std::optional<bytes>& value, int64_t now_ms) {
    std::optional<stored_group> stored;
    if (value) {
        sb::result<stored_group> decoded = decode_group_value(*value);
        if (!decoded || !is_consistent(*decoded)) return sb::unexpected(error_code::invalid_record);
        stored = std::move(*decoded);
    }
    // The record replaces everything but the offsets, which have records of their own.
    std::map<topic_partition, committed_offset> offsets;
    if (group* old = find_mutable(key.group_id)) offsets = std::move(old->offsets);
    groups_.erase(key.group_id);
    group& g = emplace_group(key.group_id, now_ms);
    g.offsets = std::move(offsets);
    if (!stored) {
        g.restore_state(group_state::empty, std::nullopt);
        settle(key.group_id);
        return {};
    }
    g.generation_id = stored->generation_id;
    g.protocol_type = stored->protocol_type;
    g.protocol_name = stored->protocol_name;
    for (stored_member& s : stored->members) {
        member m;
        m.member_id = std::move(s.member_id);
        m.group_instance_id = std::move(s.group_instance_id);
        m.client_id = std::move(s.client_id);
        m.client_host = std::move(s.client_host);
        m.rebalance_timeout_ms = s.rebalance_timeout_ms;
        m.session_timeout_ms = s.session_timeout_ms;
        m.protocols = {protocol_entry{*stored->protocol_name, std::move(s.subscription)}};
        m.assignment = std::move(s.assignment);
        m.expiry_ms = deadline_after(now_ms, m.session_timeout_ms);
        g.add_member(std::move(m));
    }
    if (stored->leader_id && !stored->members.empty()) g.restore_leader(*stored->leader_id);
    g.restore_state(stored->members.empty() ? group_state::empty : group_state::stable, stored->state_timestamp_ms);
    g.subscribed_topics = group_subscription(g);
    settle(key.group_id);
    return {};
}

}  // namespace sb::kafka::groups

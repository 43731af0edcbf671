#include "kafka/groups/group.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "kafka/groups/map_lookup.h"

namespace sb::kafka::groups {

group::group(std::string group_id, int64_t now_ms) : id_(std::move(group_id)), state_timestamp_ms_(now_ms) {}

void group::transition_to(group_state next, int64_t now_ms) {
    assert(is_valid_transition(state_, next));
    state_ = next;
    state_timestamp_ms_ = now_ms;
}

void group::restore_state(group_state state, std::optional<int64_t> timestamp_ms) {
    assert(state == group_state::empty || state == group_state::stable);
    state_ = state;
    state_timestamp_ms_ = timestamp_ms;
}

void group::restore_leader(const std::string& member_id) {
    assert(members_.contains(member_id));
    leader_id_ = member_id;
}

member* group::find_member(const std::string& member_id) { return find_value(members_, member_id); }

const member* group::find_member(const std::string& member_id) const { return find_value(members_, member_id); }

std::vector<const member*> group::members_in_join_order() const {
    std::vector<const member*> out;
    out.reserve(members_.size());
    for (const auto& [id, m] : members_) out.push_back(&m);
    std::sort(out.begin(), out.end(), [](const member* a, const member* b) { return a->join_sequence < b->join_sequence; });
    return out;
}

member& group::add_member(member m) {
    assert(!members_.contains(m.member_id));
    remove_pending_member(m.member_id);
    if (members_.empty()) leader_id_ = m.member_id;
    if (m.group_instance_id) {
        assert(!static_members_.contains(*m.group_instance_id));
        static_members_[*m.group_instance_id] = m.member_id;
    }
    m.join_sequence = next_join_sequence_++;
    const std::string member_id = m.member_id;
    const std::optional<int64_t> expiry_ms = m.expiry_ms;
    member& added = members_.emplace(member_id, std::move(m)).first->second;
    expiries_.set(member_id, expiry_ms);
    return added;
}

orphaned_tickets group::remove_member(const std::string& member_id) {
    auto it = members_.find(member_id);
    assert(it != members_.end());
    orphaned_tickets tickets{it->second.join_ticket, it->second.sync_ticket};
    if (it->second.group_instance_id) static_members_.erase(*it->second.group_instance_id);
    members_.erase(it);
    expiries_.set(member_id, std::nullopt);
    pending_sync_members.erase(member_id);
    if (leader_id_ == member_id) {
        const auto remaining = members_in_join_order();
        leader_id_ = remaining.empty() ? std::nullopt : std::optional(remaining.front()->member_id);
    }
    return tickets;
}

orphaned_tickets group::replace_static_member(const std::string& instance_id, const std::string& old_member_id,
                                              const std::string& new_member_id) {
    auto node = members_.extract(old_member_id);
    assert(!node.empty() && !members_.contains(new_member_id));
    member& m = node.mapped();
    orphaned_tickets tickets{std::exchange(m.join_ticket, std::nullopt), std::exchange(m.sync_ticket, std::nullopt)};
    m.member_id = new_member_id;
    node.key() = new_member_id;
    const std::optional<int64_t> expiry_ms = m.expiry_ms;
    members_.insert(std::move(node));
    expiries_.set(old_member_id, std::nullopt);
    expiries_.set(new_member_id, expiry_ms);
    static_members_[instance_id] = new_member_id;
    if (leader_id_ == old_member_id) leader_id_ = new_member_id;
    if (pending_sync_members.erase(old_member_id) > 0) pending_sync_members.insert(new_member_id);
    return tickets;
}

void group::set_expiry(const std::string& member_id, std::optional<int64_t> expiry_ms) {
    member* m = find_member(member_id);
    assert(m != nullptr);
    m->expiry_ms = expiry_ms;
    expiries_.set(member_id, expiry_ms);
}

void group::add_pending_member(const std::string& member_id, int64_t expiry_ms) {
    assert(!members_.contains(member_id));
    pending_members_.insert(member_id);
    expiries_.set(member_id, expiry_ms);
}

void group::remove_pending_member(const std::string& member_id) {
    if (pending_members_.erase(member_id) > 0) expiries_.set(member_id, std::nullopt);
}

const std::string* group::static_member_id(const std::string& instance_id) const {
    return find_value(static_members_, instance_id);
}

bool group::is_static_member_fenced(const std::optional<std::string>& instance_id, const std::string& member_id) const {
    if (!instance_id) return false;
    const std::string* current = static_member_id(*instance_id);
    return current != nullptr && *current != member_id;
}

bool group::elect_joined_leader() {
    if (!leader_id_) return false;
    if (members_.at(*leader_id_).awaiting_join()) return true;
    for (const member* m : members_in_join_order()) {
        if (m->awaiting_join()) {
            leader_id_ = m->member_id;
            return true;
        }
    }
    return false;
}

bool group::supports_protocols(const std::string& type, const std::vector<protocol_entry>& protocols) const {
    if (members_.empty()) return !type.empty() && !protocols.empty();
    if (protocol_type != type) return false;
    return std::any_of(protocols.begin(), protocols.end(), [&](const protocol_entry& p) {
        return std::all_of(members_.begin(), members_.end(),
                           [&](const auto& entry) { return entry.second.metadata_for(p.name) != nullptr; });
    });
}

std::string group::select_protocol() const {
    assert(!members_.empty() && leader_id_);
    // Candidates: the protocols of one member that every member supports.
    std::set<std::string> candidates;
    for (const protocol_entry& p : members_.begin()->second.protocols) {
        const bool everyone = std::all_of(members_.begin(), members_.end(),
                                          [&](const auto& entry) { return entry.second.metadata_for(p.name) != nullptr; });
        if (everyone) candidates.insert(p.name);
    }
    assert(!candidates.empty());  // supports_protocols() admitted every member
    std::map<std::string, int> votes;
    for (const auto& [id, m] : members_) ++votes[*m.preferred_among(candidates)];
    int most_votes = 0;
    for (const auto& [name, count] : votes) most_votes = std::max(most_votes, count);
    for (const protocol_entry& p : members_.at(*leader_id_).protocols) {
        auto it = votes.find(p.name);
        if (it != votes.end() && it->second == most_votes) return p.name;
    }
    assert(false && "the leader supports every candidate");
    return *candidates.begin();
}

bool group::all_members_joined() const { return awaiting_join_count() == members_.size() && pending_members_.empty(); }

std::size_t group::awaiting_join_count() const {
    return static_cast<std::size_t>(
        std::count_if(members_.begin(), members_.end(), [](const auto& entry) { return entry.second.awaiting_join(); }));
}

int32_t group::rebalance_timeout_ms() const {
    int32_t longest = 0;
    for (const auto& [id, m] : members_) longest = std::max(longest, m.rebalance_timeout_ms);
    return longest;
}

std::optional<int64_t> group::next_deadline_ms() const {
    std::optional<int64_t> earliest = expiries_.earliest_ms();
    for (const std::optional<int64_t>& deadline : {join_deadline_ms, sync_deadline_ms}) {
        if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
    }
    return earliest;
}

std::optional<due_expiry> group::take_due_expiry(int64_t now_ms) {
    std::optional<std::string> member_id = expiries_.due(now_ms);
    if (!member_id) return std::nullopt;
    expiries_.set(*member_id, std::nullopt);
    if (pending_members_.erase(*member_id) > 0) return due_expiry{*member_id, true};
    members_.at(*member_id).expiry_ms = std::nullopt;
    return due_expiry{*member_id, false};
}

bool group::is_unused() const {
    return state_ == group_state::empty && generation_id == 0 && members_.empty() && pending_members_.empty() &&
           offsets.empty() && pending_commits.empty() && !protocol_type;
}

void group::check_invariants() const {
    assert(leader_id_.has_value() == !members_.empty());
    assert(!leader_id_ || members_.contains(*leader_id_));
    std::size_t static_count = 0;
    for (const auto& [id, m] : members_) {
        assert(m.member_id == id);
        if (m.group_instance_id) {
            ++static_count;
            assert(static_members_.at(*m.group_instance_id) == id);
        }
        if (state_ == group_state::completing_rebalance || state_ == group_state::stable) {
            assert(protocol_name && m.metadata_for(*protocol_name) != nullptr);
        }
    }
    assert(static_count == static_members_.size());
    assert(expiries_.size() >= pending_members_.size());
    (void)static_count;
}

}  // namespace sb::kafka::groups

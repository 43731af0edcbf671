#pragma once
// group: one classic group's state: members, generation, protocol, committed offsets and
// its own deadlines. It keeps the invariants that tie these together (the leader is a
// member, the static-member map matches the members, every deadline is indexed) and
// knows nothing of requests, answers or persistence: group_coordinator drives it.
//
// Invariants (asserted in check_invariants()):
//  - a leader exists exactly when there are members, and is one of them;
//  - static_members maps each static member's instance id to its member id, and only those;
//  - in CompletingRebalance and Stable, every member supports the selected protocol;
//  - a member or pending member has an indexed expiry exactly when its expiry_ms is set.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kafka/groups/committed_offset.h"
#include "kafka/groups/deadline_index.h"
#include "kafka/groups/group_state.h"
#include "kafka/groups/member.h"

namespace sb::kafka::groups {

// The parked requests of a member that was replaced or removed, for the caller to answer.
struct orphaned_tickets {
    std::optional<ticket_id> join_ticket;
    std::optional<ticket_id> sync_ticket;
};

// An expiry that came due: of a member, or of a pending member (MEMBER_ID_REQUIRED sent,
// JoinGroup with that id not yet received).
struct due_expiry {
    std::string member_id;
    bool pending = false;
};

class group {
public:
    group(std::string group_id, int64_t now_ms);

    const std::string& id() const { return id_; }
    group_state state() const { return state_; }
    // When the group entered its current state; nullopt for a group rebuilt from offsets
    // alone (no group record), whose offsets then age from their commit time.
    std::optional<int64_t> state_timestamp_ms() const { return state_timestamp_ms_; }
    void transition_to(group_state next, int64_t now_ms);
    // Replay only: the state, timestamp and leader a group record says.
    void restore_state(group_state state, std::optional<int64_t> timestamp_ms);
    void restore_leader(const std::string& member_id);

    // ── members ──
    const std::map<std::string, member>& members() const { return members_; }
    member* find_member(const std::string& member_id);
    const member* find_member(const std::string& member_id) const;
    bool has_member(const std::string& member_id) const { return members_.contains(member_id); }
    std::size_t member_count() const { return members_.size(); }
    // Members in the order they entered the group.
    std::vector<const member*> members_in_join_order() const;
    // Adds a member (its id must be new); the first one becomes the leader. Removes it from
    // the pending members.
    member& add_member(member m);
    // Removes a member; the leader passes to the longest-standing member left.
    orphaned_tickets remove_member(const std::string& member_id);
    // A static member restarted with a new member id: the member keeps its place (and
    // leadership) under the new id; the old id's parked requests are handed back.
    orphaned_tickets replace_static_member(const std::string& instance_id, const std::string& old_member_id,
                                           const std::string& new_member_id);
    void set_expiry(const std::string& member_id, std::optional<int64_t> expiry_ms);

    // ── pending members (JoinGroup v4+: id handed out, not yet used) ──
    void add_pending_member(const std::string& member_id, int64_t expiry_ms);
    bool is_pending_member(const std::string& member_id) const { return pending_members_.contains(member_id); }
    bool has_pending_members() const { return !pending_members_.empty(); }
    void remove_pending_member(const std::string& member_id);

    // ── static membership ──
    const std::string* static_member_id(const std::string& instance_id) const;
    // A request naming a known instance id with another member id comes from a stale
    // process that the current one has replaced: it is fenced (FENCED_INSTANCE_ID).
    bool is_static_member_fenced(const std::optional<std::string>& instance_id, const std::string& member_id) const;

    // ── leader and protocol ──
    const std::optional<std::string>& leader_id() const { return leader_id_; }
    bool is_leader(const std::string& member_id) const { return leader_id_ == member_id; }
    // Makes sure the leader is a member whose JoinGroup is parked, choosing another when the
    // leader did not rejoin; false when no member has rejoined.
    bool elect_joined_leader();
    // Whether a member of this type with these protocols can join: an empty group takes any
    // non-empty type and list; otherwise the type must match and one of the protocols must
    // be supported by every member already in.
    bool supports_protocols(const std::string& protocol_type, const std::vector<protocol_entry>& protocols) const;
    // Among the protocols every member supports, the one most members prefer; a tie goes to
    // the protocol the leader prefers. Requires members.
    std::string select_protocol() const;

    // ── join phase ──
    bool all_members_joined() const;
    std::size_t awaiting_join_count() const;
    // The longest rebalance timeout of the members (the join and sync phases wait this long).
    int32_t rebalance_timeout_ms() const;

    // ── deadlines ──
    std::optional<int64_t> next_deadline_ms() const;
    // Takes the earliest member or pending-member expiry at or before now_ms off the index
    // (a pending member is removed outright); nullopt when none is due.
    std::optional<due_expiry> take_due_expiry(int64_t now_ms);

    // A group with nothing worth keeping: never had a generation, no members, no pending
    // members, no offsets (e.g. created by a JoinGroup that was refused).
    bool is_unused() const;

    void check_invariants() const;

    // Plain state the coordinator reads and writes directly.
    // Tells this group apart from an earlier group of the same id that was deleted: work
    // still in flight for that one must not touch this one.
    uint64_t incarnation = 0;
    int32_t generation_id = 0;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;  // set from CompletingRebalance on
    // Topics the "consumer" members subscribe to; nullopt when unknown (not a consumer
    // group, or metadata that cannot be read), which counts as subscribed to everything.
    std::optional<std::set<std::string>> subscribed_topics;
    // Join phase (PreparingRebalance): when it ends at the latest, and for the first
    // rebalance of an empty group, how much longer it may still be extended.
    std::optional<int64_t> join_deadline_ms;
    bool initial_rebalance = false;
    bool new_member_added = false;
    int64_t initial_rebalance_remaining_ms = 0;
    // Sync phase: members that have not sent SyncGroup for this generation yet, and when
    // they are removed for it.
    std::set<std::string> pending_sync_members;
    std::optional<int64_t> sync_deadline_ms;
    // Committed offsets, and how many commits are on their way to disk per partition.
    std::map<topic_partition, committed_offset> offsets;
    std::map<topic_partition, int32_t> pending_commits;

private:
    std::string id_;
    group_state state_ = group_state::empty;
    std::optional<int64_t> state_timestamp_ms_;
    std::map<std::string, member> members_;
    std::map<std::string, std::string> static_members_;  // instance id -> member id
    std::set<std::string> pending_members_;
    std::optional<std::string> leader_id_;
    uint64_t next_join_sequence_ = 0;
    deadline_index<std::string> expiries_;  // members and pending members
};

}  // namespace sb::kafka::groups

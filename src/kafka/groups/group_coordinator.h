#pragma once
// group_coordinator: the deterministic core of the classic consumer group protocol for
// the groups of one __consumer_offsets partition (docs/consumer-groups.md).
//
// What it is. A state machine with no sockets, threads, clocks or disk. Its inputs are
// requests (each with the time, now_ms), ticks, persistence completions and, at load,
// replayed records; its outputs are collected in a `ready` (kafka/groups/ready.h): records
// to persist and answers to parked requests. The same inputs always give the same
// outputs, which is what the unit tests rely on.
//
// Ownership and threading. One instance per __consumer_offsets partition this broker
// leads, owned by the shard that owns the partition; requests for its groups are handed
// to that shard. Not thread-safe; every call comes from that shard.
//
// Time. now_ms is wall-clock milliseconds since the Unix epoch (commit timestamps are
// persisted and outlive the process). It may step backwards; the coordinator only
// compares times. The driver calls tick(now_ms) no later than next_deadline_ms(); every
// timeout (session, rebalance, initial delay, sync, retention check) fires in tick().
//
// Requests that wait. JoinGroup and SyncGroup wait for other members; OffsetCommit,
// DeleteGroups, OffsetDelete and a static member's rejoin wait for their records to be
// durable. Such a request is submitted with a ticket chosen by the driver, and its answer
// appears in ready().answers under that ticket: possibly in the ready of the same call
// (an error, or the member that completed the phase), possibly much later (after another
// member's request, a tick or an on_persisted). Every ticket is answered exactly once, as
// long as the coordinator lives; a second JoinGroup (or SyncGroup) from a member whose
// first one is still parked supersedes it, and the first is answered REBALANCE_IN_PROGRESS.
// The driver parks the client's request under its ticket and, after every call, drains
// take_ready(): persists first, then answers. When the coordinator is dropped (leadership
// lost), the driver answers what it still holds with NOT_COORDINATOR.
//
// Requests that do not wait (Heartbeat, LeaveGroup, OffsetFetch, ListGroups,
// DescribeGroups) return their answer; they may still complete other members' parked
// requests (a LeaveGroup can end a join phase), so the driver drains the ready after
// them too.
//
// Durability. Group metadata is persisted when a generation's assignment is set (the
// leader's SyncGroup), when a join phase leaves the group empty, and when a static member
// is replaced; offsets at every commit; tombstones on deletion and expiry. replay() feeds
// the records back at load, in log order, and rebuilds the same groups and offsets:
// groups with members come back Stable, with fresh session timeouts.
//
// Errors are Kafka's error codes, returned as values; bad input never asserts.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "kafka/groups/group.h"
#include "kafka/groups/group_config.h"
#include "kafka/groups/group_records.h"
#include "kafka/groups/group_requests.h"
#include "kafka/groups/persist_waiter.h"
#include "kafka/groups/ready.h"

namespace sb::kafka::groups {

class group_coordinator {
public:
    // A fresh random UUID in text form (8-4-4-4-12 hex), for new member ids
    // "<client_id>-<uuid>": random_uuid_text_source() (uuid_text.h) in production; tests
    // pass a counter.
    using uuid_source = std::function<std::string()>;

    // The config must be valid (validate(config) == "").
    group_coordinator(group_config config, uuid_source new_uuid, int64_t now_ms);

    group_coordinator(const group_coordinator&) = delete;
    group_coordinator& operator=(const group_coordinator&) = delete;

    // ── requests answered through ready().answers ──
    void join_group(ticket_id ticket, const join_request& request, int64_t now_ms);
    void sync_group(ticket_id ticket, const sync_request& request, int64_t now_ms);
    void commit_offsets(ticket_id ticket, const offset_commit_request& request, int64_t now_ms);
    void delete_offsets(ticket_id ticket, const offset_delete_request& request, int64_t now_ms);
    void delete_groups(ticket_id ticket, const std::vector<std::string>& group_ids, int64_t now_ms);

    // ── requests answered at once ──
    error_code heartbeat(const heartbeat_request& request, int64_t now_ms);
    leave_result leave_group(const leave_request& request, int64_t now_ms);
    offset_fetch_result fetch_offsets(const offset_fetch_request& request) const;
    // Groups in any of `states` (names as in state_name(), any case), or all when empty;
    // ordered by group id.
    std::vector<group_listing> list_groups(const std::vector<std::string>& states) const;
    group_description describe_group(const std::string& group_id) const;

    // ── time ──
    void tick(int64_t now_ms);
    // When tick() next has something to do.
    int64_t next_deadline_ms() const;

    // ── durability ──
    // The append of persist_request `persist_id` is durable (error none) or failed.
    // Each id is reported once; an unknown id is ignored.
    void on_persisted(uint64_t persist_id, error_code error, int64_t now_ms);
    // Load: one record of the partition, in log order, before any request. INVALID_RECORD
    // for a record this version cannot read; the state is then unchanged.
    sb::status replay(const stored_record& record, int64_t now_ms);

    // ── output ──
    bool has_ready() const { return !ready_.empty(); }
    ready take_ready();

    // ── inspection (tests, metrics, admin) ──
    // The group's state; dead for a group the coordinator does not have.
    group_state state_of(const std::string& group_id) const;
    const group* find_group(const std::string& group_id) const;
    std::size_t group_count() const { return groups_.size(); }

private:
    // join_group.cc
    void join_new_member(group& g, ticket_id ticket, const join_request& request, int64_t now_ms);
    void join_known_member(group& g, ticket_id ticket, const join_request& request, int64_t now_ms);
    void add_member_and_rebalance(group& g, ticket_id ticket, const join_request& request, std::string member_id,
                                  int64_t now_ms);
    void update_member_and_rebalance(group& g, member& m, ticket_id ticket, const join_request& request,
                                     int64_t now_ms);
    void rejoin_static_member(group& g, ticket_id ticket, const join_request& request, const std::string& old_member_id,
                              std::string new_member_id, int64_t now_ms);
    bool accepts_joining_member(const group& g, const std::string& member_id) const;
    join_result current_generation_join_result(const group& g, const std::string& member_id, bool with_members) const;
    std::string new_member_id(const std::string& client_id);

    // rebalance.cc
    void maybe_prepare_rebalance(group& g, int64_t now_ms);
    void prepare_rebalance(group& g, int64_t now_ms);
    void maybe_complete_join(group& g, int64_t now_ms);
    void complete_join(group& g, int64_t now_ms);
    void propagate_sync_error(group& g, error_code error);
    void remove_member_and_rebalance(group& g, const std::string& member_id, int64_t now_ms);
    void on_member_expiry(group& g, const due_expiry& expiry, int64_t now_ms);
    void on_join_deadline(group& g, int64_t now_ms);
    void on_sync_deadline(group& g, int64_t now_ms);
    void refresh_session(group& g, member& m, int64_t now_ms);

    // sync_group.cc
    void complete_sync(group& g, const sync_waiter& waiter, int64_t now_ms);

    // offsets.cc / offsets_retention.cc
    error_code commit_error(const group& g, const offset_commit_request& request) const;
    void expire_offsets(int64_t now_ms);

    // persistence.cc
    uint64_t persist(std::vector<stored_record> records, persist_waiter waiter);
    stored_group stored_form(const group& g) const;
    void on_commit_persisted(commit_waiter& waiter, error_code error);
    void on_static_rejoin_persisted(static_rejoin_waiter& waiter, error_code error);
    void on_deletion_persisted(deletion_waiter& waiter, error_code error);

    // replay.cc
    sb::status replay_offset(const offset_key& key, const std::optional<bytes>& value, int64_t now_ms);
    sb::status replay_group(const group_key& key, const std::optional<bytes>& value, int64_t now_ms);

    // group_coordinator.cc
    group* find_mutable(const std::string& group_id);
    // nullptr when group.max.count groups exist already.
    group* create_group(const std::string& group_id, int64_t now_ms);
    // Adds a group whatever the limit (replay: the log decides what exists).
    group& emplace_group(const std::string& group_id, int64_t now_ms);
    // The group with this id if it is still the incarnation some in-flight work is for.
    group* find_incarnation(const std::string& group_id, uint64_t incarnation);
    // After any change to a group: re-index its deadline, drop it if unused, check it.
    void settle(const std::string& group_id);
    void answer_ticket(ticket_id ticket, answer_result result);
    void park_join(member& m, ticket_id ticket);
    void park_sync(member& m, ticket_id ticket);
    int64_t deadline_after(int64_t now_ms, int64_t delay_ms) const;

    group_config config_;
    uuid_source new_uuid_;
    std::map<std::string, group> groups_;
    deadline_index<std::string> group_deadlines_;
    int64_t next_retention_check_ms_ = 0;
    uint64_t next_persist_id_ = 1;
    uint64_t next_incarnation_ = 1;
    std::map<uint64_t, persist_waiter> waiters_;
    ready ready_;
};

}  // namespace sb::kafka::groups

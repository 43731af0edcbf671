#pragma once
// node: one replica of one Raft group — the pure, deterministic consensus core.
//
// It does no I/O, starts no threads and reads no clock. Inputs: tick(), step(message),
// propose(), propose_config_change(), transfer_leadership(), read_index(), and the
// completion reports on_persisted() / on_snapshot_installed(). After any inputs the owner
// calls take_ready() and carries out what it lists (ready.h says in which order). Given
// the same inputs and the same options.random_seed, a node produces the same outputs.
//
// Lifecycle: constructed over its durable state (a new group: an empty log whose snapshot
// at index 0 carries the initial configuration, and a zero hard_state), it lives until
// the replica is removed or the process stops; a restart constructs a new node over what
// was durable. Concurrency: none; the shard that owns the partition owns its node.
//
// The member functions are defined by concern: node.cc (roles, dispatch, ready),
// election.cc, replication.cc, snapshots.cc, membership.cc, read_index.cc,
// leadership_transfer.cc.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "base/result.h"
#include "raft/configuration.h"
#include "raft/configuration_history.h"
#include "raft/log_view.h"
#include "raft/messages.h"
#include "raft/options.h"
#include "raft/progress.h"
#include "raft/raft_log.h"
#include "raft/ready.h"
#include "raft/types.h"

namespace sb::raft {

class node {
public:
    // `durable` must outlive the node. `applied_index` is how far the state machine got
    // (at least the snapshot's index).
    node(const options& opts, const log_view& durable, const hard_state& state,
         log_index applied_index);

    node(const node&) = delete;
    node& operator=(const node&) = delete;

    // ---- inputs ----
    // One unit of logical time.
    void tick();
    // A message from another node of this group (m.to must be this node).
    void step(message m);
    // Starts an election now, as if the election timer had fired (tests, leader balancing).
    void campaign();
    // Appends one entry per batch (the leader only). Returns the index of the last one;
    // the batches are committed when entries_to_apply reaches it. Errors:
    // not_leader_or_follower, invalid_request (none or too many), message_too_large,
    // throttling_quota_exceeded (too much not yet committed: back off and retry).
    result<log_index> propose(std::vector<payload> batches);
    // Appends a configuration entry (the leader only); returns its index. Errors as
    // propose(), plus reassignment_in_progress while another change is uncommitted or the
    // leader has not committed an entry of its term yet (dissertation 4.1, the fix to the
    // single-server change bug), and invalid_request for a change that does not apply.
    result<log_index> propose_config_change(const config_change& change);
    // Hands leadership to `target`, a voter: once it has every entry it is told to
    // campaign. Proposals are refused meanwhile; the attempt ends after an election timeout.
    status transfer_leadership(node_id target);
    // Linearizable read (dissertation 6.4): a read_result in a later ready gives the index
    // the state machine must reach before serving it. The leader only.
    status read_index(uint64_t read_id);
    // The binding finished persisting entries up to (index, term) (and everything before).
    void on_persisted(log_index index, term_id term);
    // The binding installed the snapshot whose last index is `index`.
    void on_snapshot_installed(log_index index);

    // ---- outputs ----
    bool has_ready() const;
    ready take_ready();

    // ---- what it knows ----
    node_id id() const { return opts_.self; }
    role current_role() const { return role_; }
    term_id term() const { return term_; }
    node_id leader_id() const { return leader_; }
    node_id voted_for() const { return voted_for_; }
    log_index commit_index() const { return log_.commit_index(); }
    log_index applied_index() const { return log_.applied_index(); }
    log_index durable_index() const { return log_.durable_index(); }
    log_index first_index() const { return log_.first_index(); }
    log_index last_index() const { return log_.last_index(); }
    term_id last_term() const { return log_.last_term(); }
    std::optional<term_id> term_at(log_index index) const { return log_.term_at(index); }
    // The configuration in effect (the newest in the log, committed or not).
    const configuration& config() const { return configs_.latest().config; }
    node_id transfer_target() const { return transfer_target_; }
    // The leader's view of a follower; nullptr on a non-leader or for a non-member.
    const progress* follower_progress(node_id id) const;

private:
    enum class campaign_kind { pre_vote, election, transfer };
    struct follower {
        node_id id;
        progress pr;
    };
    struct pending_read {
        uint64_t read_id;
        log_index read_index;  // 0 while waiting for the leader's first commit in its term
        uint64_t sequence;     // 0 likewise
    };

    // node.cc: roles, timers, dispatch, outputs
    void become_follower(term_id term, node_id leader);
    void become_pre_candidate();
    void become_candidate();
    void become_leader();
    void reset_election_timer();
    void redraw_election_timeout();
    void tick_leader();
    // Applies the term rules common to every message; false drops the message.
    bool check_term(const message& m);
    void reply_to_stale_term(const message& m);
    void send(node_id to, message_body body);
    void send_with_term(node_id to, term_id term, message_body body);
    hard_state current_hard_state() const;
    follower* find_follower(node_id id);

    // election.cc
    void start_campaign(campaign_kind kind);
    void handle_vote_request(const message& m, const vote_request& req);
    void handle_vote_response(const message& m, const vote_response& resp);
    void record_vote(node_id voter, bool granted);
    bool in_leader_lease() const;
    bool quorum_recently_active();

    // replication.cc
    void append_to_log(std::vector<entry> entries);
    void broadcast_appends();
    void broadcast_heartbeats();
    void send_appends_until_paused(follower& f);
    bool send_append(follower& f, bool even_if_empty);
    void handle_append_request(const message& m, append_request& req);
    append_response rejection_for(const append_request& req) const;
    void handle_append_response(const message& m, const append_response& resp);
    void handle_heartbeat_request(const message& m, const heartbeat_request& req);
    void handle_heartbeat_response(const message& m, const heartbeat_response& resp);
    void maybe_commit();
    void on_commit_advanced(log_index previous_commit);
    bool committed_in_current_term() const;
    bool leader_term_durable() const;
    void accept_leader(node_id leader);

    // snapshots.cc
    void send_snapshot(follower& f);
    void handle_snapshot_request(const message& m, snapshot_request& req);
    bool snapshot_due() const;

    // membership.cc
    void note_configurations(const std::vector<entry>& entries, log_index truncated_from);
    void on_configuration_changed();

    // read_index.cc
    void release_confirmed_reads();
    void assign_reads_waiting_for_term_commit();
    void fail_pending_reads();

    // leadership_transfer.cc
    void handle_timeout_now(const message& m);
    void maybe_send_timeout_now(follower& f);

    options opts_;
    raft_log log_;
    configuration_history configs_;

    role role_ = role::follower;
    term_id term_ = 0;
    node_id voted_for_ = k_no_node;
    node_id leader_ = k_no_node;
    hard_state last_hard_state_;  // as last handed out for persisting

    int32_t election_elapsed_ticks_ = 0;
    int32_t randomized_election_timeout_ticks_ = 0;
    int32_t heartbeat_elapsed_ticks_ = 0;
    uint64_t random_state_ = 0;

    // Campaign: votes received in this campaign (the node's own included).
    std::vector<std::pair<node_id, bool>> votes_;
    bool campaign_is_transfer_ = false;

    // Leader only.
    std::vector<follower> followers_;
    log_index term_start_index_ = 0;  // this leader's barrier entry
    bool appends_pending_ = false;    // entries appended since the last ready (batching)
    node_id transfer_target_ = k_no_node;
    int32_t transfer_elapsed_ticks_ = 0;
    std::deque<pending_read> pending_reads_;
    uint64_t read_sequence_ = 0;
    bool read_round_pending_ = false;

    // Outputs not yet taken.
    std::vector<message> messages_now_;
    std::vector<message> messages_after_persist_;
    std::vector<read_result> read_results_;
    log_index last_snapshot_suggested_ = 0;
};

}  // namespace sb::raft

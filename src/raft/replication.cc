// node: log replication — AppendEntries on both sides, heartbeats, and the commit rule
// (Raft sections 5.3 and 5.4.2).

#include <algorithm>
#include <cassert>
#include <utility>

#include "raft/node.h"
#include "raft/quorum.h"

namespace sb::raft {

void node::append_to_log(std::vector<entry> entries) {
    assert(!entries.empty());
    const log_index first = entries.front().index;
    note_configurations(entries, first);
    log_.append(std::move(entries));
    if (role_ == role::leader) appends_pending_ = true;
}

void node::broadcast_appends() {
    appends_pending_ = false;
    for (follower& f : followers_) send_appends_until_paused(f);
}

void node::broadcast_heartbeats() {
    heartbeat_elapsed_ticks_ = 0;
    read_round_pending_ = false;
    for (const follower& f : followers_) {
        // Never more than the follower is known to hold of this leader's log.
        const log_index commit = std::min(f.pr.match_index, log_.commit_index());
        send(f.id, heartbeat_request{commit, read_sequence_});
    }
}

void node::send_appends_until_paused(follower& f) {
    while (send_append(f, false)) {
        if (f.pr.mode != replication_mode::replicate) break;
    }
}

bool node::send_append(follower& f, bool even_if_empty) {
    assert(role_ == role::leader);
    if (f.pr.paused()) return false;
    if (f.pr.next_index < log_.first_index()) {
        send_snapshot(f);  // the entries it needs were compacted away
        return false;
    }
    const log_index prev = f.pr.next_index - 1;
    const std::optional<term_id> prev_term = log_.term_at(prev);
    assert(prev_term.has_value());
    append_request req{prev, *prev_term, log_.commit_index(), {}};
    if (f.pr.next_index <= log_.last_index()) {
        req.entries = log_.read(f.pr.next_index, opts_.max_append_request_bytes);
    }
    if (req.entries.empty() && !even_if_empty) return false;
    std::size_t bytes = 0;
    for (const entry& e : req.entries) bytes += entry_size_bytes(e);
    f.pr.sent(req.entries.empty() ? prev : req.entries.back().index, bytes);
    send(f.id, std::move(req));
    return true;
}

void node::accept_leader(node_id leader) {
    // A candidate that hears from the leader of its own term lost the election.
    if (role_ != role::follower) become_follower(term_, leader);
    leader_ = leader;
    election_elapsed_ticks_ = 0;
}

void node::handle_append_request(const message& m, append_request& req) {
    assert(m.term == term_);
    accept_leader(m.from);
    if (req.prev_log_index < log_.commit_index()) {
        // Old or duplicated: everything up to our commit index matches any leader's log.
        send(m.from, append_response{true, log_.commit_index(), 0, 0});
        return;
    }
    if (!log_.matches(req.prev_log_index, req.prev_log_term)) {
        send(m.from, rejection_for(req));  // AppendEntries rule 2
        return;
    }
    const log_index last_new = req.prev_log_index + static_cast<log_index>(req.entries.size());
    // Rules 3 and 4: keep what we already hold with the same term (an old, reordered
    // request must not cut off newer entries), replace from the first conflict on.
    const std::size_t first_new = log_.first_new(req.entries);
    if (first_new < req.entries.size()) {
        req.entries.erase(req.entries.begin(),
                          req.entries.begin() + static_cast<std::ptrdiff_t>(first_new));
        append_to_log(std::move(req.entries));
    }
    // Rule 5, bounded by what this request proved we hold.
    log_.commit_to(std::min(req.leader_commit, last_new));
    send(m.from, append_response{true, last_new, 0, 0});
}

append_response node::rejection_for(const append_request& req) const {
    // Point the leader at the last entry that could match: at most our last index, and
    // skipping every entry whose term is newer than the one the leader expected.
    const log_index hint_index = log_.last_index_with_term_at_most(
        std::min(req.prev_log_index, log_.last_index()), req.prev_log_term);
    const std::optional<term_id> hint_term = log_.term_at(hint_index);
    assert(hint_term.has_value());
    return append_response{false, req.prev_log_index, hint_index, *hint_term};
}

void node::handle_append_response(const message& m, const append_response& resp) {
    follower* f = find_follower(m.from);
    if (f == nullptr) return;
    f->pr.recent_active = true;
    if (!resp.success) {
        // Skip over every entry of ours whose term is newer than the follower's hint.
        const log_index hinted_next =
            log_.last_index_with_term_at_most(resp.reject_hint_index, resp.reject_hint_term) + 1;
        if (f->pr.back_off(resp.index, hinted_next)) send_append(*f, true);
        return;
    }
    if (f->pr.acknowledge(resp.index)) {
        if (f->pr.mode == replication_mode::probe ||
            (f->pr.mode == replication_mode::snapshot &&
             f->pr.match_index >= f->pr.pending_snapshot_index)) {
            f->pr.become_replicate();
        }
        maybe_commit();
        if (role_ != role::leader) return;  // committed our own removal and stepped down
        if (transfer_target_ == f->id) maybe_send_timeout_now(*f);
    }
    send_appends_until_paused(*f);
}

void node::handle_heartbeat_request(const message& m, const heartbeat_request& req) {
    assert(m.term == term_);
    accept_leader(m.from);
    log_.commit_to(std::min(req.commit_index, log_.last_index()));
    send(m.from, heartbeat_response{req.read_sequence});
}

void node::handle_heartbeat_response(const message& m, const heartbeat_response& resp) {
    follower* f = find_follower(m.from);
    if (f == nullptr) return;
    f->pr.recent_active = true;
    f->pr.probe_sent = false;  // a lost probe is sent again
    if (f->pr.mode == replication_mode::snapshot &&
        ++f->pr.heartbeats_since_snapshot >= opts_.snapshot_retry_heartbeats) {
        f->pr.become_probe();  // the snapshot, or its answer, was lost
    }
    if (f->pr.mode == replication_mode::replicate && f->pr.inflight.full()) {
        f->pr.inflight.free_oldest();  // the follower is alive; maybe a request was lost
    }
    if (f->pr.match_index < log_.last_index()) send_append(*f, true);
    if (resp.read_sequence > f->pr.read_sequence_acked) {
        f->pr.read_sequence_acked = resp.read_sequence;
        release_confirmed_reads();
    }
}

bool node::committed_in_current_term() const {
    return log_.term_at(log_.commit_index()) == term_;
}

bool node::leader_term_durable() const { return log_.durable_index() >= term_start_index_; }

void node::maybe_commit() {
    assert(role_ == role::leader);
    std::vector<log_index> matches;
    matches.reserve(config().voters.size());
    for (node_id voter : config().voters) {
        if (voter == opts_.self) {
            matches.push_back(log_.durable_index());  // our own copy counts once durable
        } else {
            const follower* f = find_follower(voter);
            matches.push_back(f != nullptr ? f->pr.match_index : 0);
        }
    }
    const log_index quorum_index = quorum_value(matches, config().quorum());
    const log_index previous = log_.commit_index();
    if (quorum_index <= previous) return;
    // Section 5.4.2: only an entry of the current term is committed by counting replicas;
    // earlier ones are committed with it (Figure 8 shows why).
    if (log_.term_at(quorum_index) != term_ && !opts_.bugs.commit_entries_of_earlier_terms) return;
    log_.commit_to(quorum_index);
    on_commit_advanced(previous);
}

void node::on_commit_advanced(log_index previous_commit) {
    assert(log_.commit_index() > previous_commit);
    if (log_.term_at(previous_commit) != term_ && committed_in_current_term()) {
        assign_reads_waiting_for_term_commit();
    }
    // A leader that removed itself manages the group until the change commits, then
    // leaves (dissertation 4.2.2); the others elect a new leader.
    if (!config().is_voter(opts_.self) && log_.commit_index() >= configs_.latest().index) {
        become_follower(term_, k_no_node);
    }
}

}  // namespace sb::raft

// node: construction, roles and timers, message dispatch, and assembling ready.

#include "raft/node.h"

#include <cassert>
#include <utility>

namespace sb::raft {

namespace {

// splitmix64: a tiny, well-mixed generator; the only randomness in the core.
uint64_t next_random(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

bool comes_from_leader(const message& m) {
    return std::holds_alternative<append_request>(m.body) ||
           std::holds_alternative<heartbeat_request>(m.body) ||
           std::holds_alternative<snapshot_request>(m.body) ||
           std::holds_alternative<timeout_now>(m.body);
}

}  // namespace

node::node(const options& opts, const log_view& durable, const hard_state& state,
           log_index applied_index)
    : opts_(opts),
      log_(durable, state.commit_index, applied_index),
      configs_(indexed_configuration{durable.snapshot_index(), durable.snapshot().config}),
      term_(state.term),
      voted_for_(state.voted_for),
      random_state_(opts.random_seed) {
    assert(validate(opts_).has_value());
    assert(state.term >= durable.snapshot_term());
    for (indexed_configuration& c : durable.configurations()) configs_.append(std::move(c));
    last_hard_state_ = current_hard_state();
    reset_election_timer();
}

hard_state node::current_hard_state() const {
    return hard_state{term_, voted_for_, log_.commit_index()};
}

const progress* node::follower_progress(node_id id) const {
    for (const follower& f : followers_) {
        if (f.id == id) return &f.pr;
    }
    return nullptr;
}

node::follower* node::find_follower(node_id id) {
    for (follower& f : followers_) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

void node::reset_election_timer() {
    election_elapsed_ticks_ = 0;
    redraw_election_timeout();
}

void node::redraw_election_timeout() {
    const auto spread = static_cast<uint64_t>(opts_.election_timeout_ticks);
    randomized_election_timeout_ticks_ =
        opts_.election_timeout_ticks + static_cast<int32_t>(next_random(random_state_) % spread);
}

void node::become_follower(term_id term, node_id leader) {
    assert(term >= term_);
    if (term > term_) {
        term_ = term;
        voted_for_ = k_no_node;
    }
    if (role_ == role::leader) fail_pending_reads();
    const bool was_follower = role_ == role::follower;
    role_ = role::follower;
    leader_ = leader;
    // Figure 2: the election timer restarts on hearing from a leader (or granting a vote),
    // not on merely seeing a higher term. Otherwise a node that cannot win, campaigning
    // again and again, would keep everyone else from ever timing out (without pre-vote).
    if (leader != k_no_node || !was_follower) {
        reset_election_timer();
    } else {
        redraw_election_timeout();
    }
    votes_.clear();
    followers_.clear();
    appends_pending_ = false;
    read_round_pending_ = false;
    transfer_target_ = k_no_node;
}

void node::become_pre_candidate() {
    assert(role_ != role::leader);
    // A rehearsal: no term change, no vote cast, so a failed pre-vote leaves no trace.
    role_ = role::pre_candidate;
    leader_ = k_no_node;
    votes_.clear();
    reset_election_timer();
}

void node::become_candidate() {
    assert(role_ != role::leader);
    assert(config().is_voter(opts_.self));
    term_ += 1;
    voted_for_ = opts_.self;
    role_ = role::candidate;
    leader_ = k_no_node;
    votes_.clear();
    reset_election_timer();
}

void node::become_leader() {
    assert(role_ == role::candidate);
    role_ = role::leader;
    leader_ = opts_.self;
    votes_.clear();
    heartbeat_elapsed_ticks_ = 0;
    election_elapsed_ticks_ = 0;
    transfer_target_ = k_no_node;
    read_sequence_ = 0;
    followers_.clear();
    on_configuration_changed();  // builds followers_ from the configuration
    // Commit something of our own term at once (section 5.4.2): it commits every earlier
    // entry with it, and until it is committed no read or configuration change is served.
    term_start_index_ = log_.last_index() + 1;
    append_to_log({entry{term_start_index_, term_, entry_kind::barrier, payload{}}});
    maybe_commit();
}

void node::tick() {
    if (role_ == role::leader) {
        tick_leader();
        return;
    }
    // Saturates, so a learner that never campaigns cannot overflow the counter.
    if (election_elapsed_ticks_ < randomized_election_timeout_ticks_) election_elapsed_ticks_ += 1;
    if (election_elapsed_ticks_ >= randomized_election_timeout_ticks_ &&
        config().is_voter(opts_.self)) {
        start_campaign(opts_.pre_vote ? campaign_kind::pre_vote : campaign_kind::election);
    }
}

void node::tick_leader() {
    heartbeat_elapsed_ticks_ += 1;
    election_elapsed_ticks_ += 1;
    if (transfer_target_ != k_no_node &&
        ++transfer_elapsed_ticks_ >= opts_.election_timeout_ticks) {
        transfer_target_ = k_no_node;  // the target did not take over in time
    }
    if (election_elapsed_ticks_ >= opts_.election_timeout_ticks) {
        election_elapsed_ticks_ = 0;
        if (opts_.check_quorum && !quorum_recently_active()) {
            become_follower(term_, k_no_node);
            return;
        }
    }
    if (heartbeat_elapsed_ticks_ >= opts_.heartbeat_interval_ticks) broadcast_heartbeats();
}

void node::campaign() {
    if (role_ == role::leader || !config().is_voter(opts_.self)) return;
    start_campaign(opts_.pre_vote ? campaign_kind::pre_vote : campaign_kind::election);
}

void node::step(message m) {
    assert(m.to == opts_.self);
    assert(m.from != opts_.self);
    if (!check_term(m)) return;
    if (auto* b = std::get_if<vote_request>(&m.body)) {
        handle_vote_request(m, *b);
    } else if (auto* b = std::get_if<vote_response>(&m.body)) {
        handle_vote_response(m, *b);
    } else if (auto* b = std::get_if<append_request>(&m.body)) {
        handle_append_request(m, *b);
    } else if (auto* b = std::get_if<append_response>(&m.body)) {
        if (role_ == role::leader) handle_append_response(m, *b);
    } else if (auto* b = std::get_if<heartbeat_request>(&m.body)) {
        handle_heartbeat_request(m, *b);
    } else if (auto* b = std::get_if<heartbeat_response>(&m.body)) {
        if (role_ == role::leader) handle_heartbeat_response(m, *b);
    } else if (auto* b = std::get_if<snapshot_request>(&m.body)) {
        handle_snapshot_request(m, *b);
    } else if (std::holds_alternative<timeout_now>(m.body)) {
        handle_timeout_now(m);
    }
}

bool node::check_term(const message& m) {
    if (m.term > term_) {
        if (const auto* req = std::get_if<vote_request>(&m.body)) {
            // Leader lease: while we hear from a leader, a candidate cannot depose it
            // (a server removed from the group, or one that was partitioned away).
            if (!req->leadership_transfer && in_leader_lease()) return false;
            if (req->pre_vote) return true;  // a rehearsal moves no term
        }
        if (const auto* resp = std::get_if<vote_response>(&m.body)) {
            if (resp->pre_vote && resp->granted) return true;  // echoes our prospective term
        }
        become_follower(m.term, comes_from_leader(m) ? m.from : k_no_node);
        return true;
    }
    if (m.term < term_) {
        reply_to_stale_term(m);
        return false;
    }
    return true;
}

void node::reply_to_stale_term(const message& m) {
    // Figure 2: requests of an older term are refused with our term, which makes a
    // deposed leader or a stale candidate step down. Stale responses are dropped.
    if (const auto* req = std::get_if<vote_request>(&m.body)) {
        send(m.from, vote_response{req->pre_vote, false});
    } else if (const auto* req = std::get_if<append_request>(&m.body)) {
        send(m.from, append_response{false, req->prev_log_index, 0, 0});
    } else if (std::holds_alternative<heartbeat_request>(m.body)) {
        send(m.from, heartbeat_response{0});
    } else if (const auto* req = std::get_if<snapshot_request>(&m.body)) {
        send(m.from, append_response{false, req->meta.last_index, 0, 0});
    }
}

void node::send(node_id to, message_body body) { send_with_term(to, term_, std::move(body)); }

void node::send_with_term(node_id to, term_id term, message_body body) {
    assert(to != opts_.self);
    // Votes and acknowledgements promise something about durable state, so they leave
    // only after the ready they come with is persisted. A vote request too: the candidate's
    // new term and its vote for itself must be durable. Everything else may leave at once,
    // a leader's append requests included (its own write overlaps with the followers').
    bool after_persist = false;
    if (const auto* req = std::get_if<vote_request>(&body)) after_persist = !req->pre_vote;
    if (const auto* resp = std::get_if<vote_response>(&body)) after_persist = !resp->pre_vote;
    if (std::holds_alternative<append_response>(body)) {
        after_persist = !opts_.bugs.acknowledge_before_persisting;
    }
    // A leader elected by its own vote alone has not persisted its term yet either.
    if (role_ == role::leader && !leader_term_durable()) after_persist = true;
    std::vector<message>& outbox = after_persist ? messages_after_persist_ : messages_now_;
    // One allocation for a typical ready's worth (a message per member), not several.
    if (outbox.capacity() == 0) outbox.reserve(config().voters.size() + config().learners.size());
    outbox.push_back(message{opts_.self, to, term, std::move(body)});
}

bool node::has_ready() const {
    return !messages_now_.empty() || !messages_after_persist_.empty() ||
           !read_results_.empty() || current_hard_state() != last_hard_state_ ||
           log_.has_entries_to_persist() || log_.has_entries_to_apply() ||
           log_.has_snapshot_to_install() ||
           (role_ == role::leader && (appends_pending_ || read_round_pending_)) ||
           snapshot_due();
}

ready node::take_ready() {
    if (role_ == role::leader) {
        // Proposals made since the last ready leave as one append request per follower.
        if (appends_pending_) broadcast_appends();
        if (read_round_pending_) broadcast_heartbeats();
    }
    ready r;
    const hard_state now = current_hard_state();
    if (now != last_hard_state_) {
        r.hard_state_to_persist = now;
        last_hard_state_ = now;
    }
    r.snapshot_to_install = log_.take_snapshot_to_install();
    r.entries_to_persist = log_.take_entries_to_persist();
    r.messages_now = std::exchange(messages_now_, {});
    r.messages_after_persist = std::exchange(messages_after_persist_, {});
    r.entries_to_apply = log_.take_entries_to_apply(opts_.max_apply_bytes_per_ready);
    r.read_results = std::exchange(read_results_, {});
    configs_.compact_to(log_.applied_index());
    if (snapshot_due()) {
        const log_index at = log_.applied_index();
        r.snapshot_to_take = snapshot_meta{at, *log_.term_at(at), configs_.at(at)};
        last_snapshot_suggested_ = at;
    }
    return r;
}

void node::on_persisted(log_index index, term_id term) {
    log_.on_persisted(index, term);
    // The leader's own copy counts toward the quorum only now.
    if (role_ == role::leader) maybe_commit();
}

void node::on_snapshot_installed(log_index index) { log_.on_snapshot_installed(index); }

}  // namespace sb::raft

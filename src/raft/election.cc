// node: leader election — pre-vote, RequestVote, the leader lease and check-quorum
// (Raft section 5.2; dissertation 4.2.3 and 9.6).

#include <cassert>

#include "raft/node.h"
#include "raft/quorum.h"

namespace sb::raft {

void node::start_campaign(campaign_kind kind) {
    assert(config().is_voter(opts_.self));
    assert(role_ != role::leader);
    const bool pre_vote = kind == campaign_kind::pre_vote;
    if (pre_vote) {
        become_pre_candidate();
    } else {
        become_candidate();
    }
    campaign_is_transfer_ = kind == campaign_kind::transfer;
    // A pre-vote asks "would you vote for me in the next term?" without moving to it.
    const term_id request_term = pre_vote ? term_ + 1 : term_;
    record_vote(opts_.self, true);
    // The only voter wins at once (record_vote moved on to the next step).
    if (role_ != (pre_vote ? role::pre_candidate : role::candidate)) return;
    const vote_request req{log_.last_index(), log_.last_term(), pre_vote, campaign_is_transfer_};
    for (node_id voter : config().voters) {
        if (voter != opts_.self) send_with_term(voter, request_term, req);
    }
}

void node::handle_vote_request(const message& m, const vote_request& req) {
    const bool up_to_date = log_.is_up_to_date(req.last_log_index, req.last_log_term) ||
                            opts_.bugs.vote_for_stale_logs;
    if (req.pre_vote) {
        // check_term already refused this while in a leader lease.
        const bool grant = m.term > term_ && up_to_date;
        // A granted pre-vote echoes the prospective term; a refusal tells ours.
        send_with_term(m.from, grant ? m.term : term_, vote_response{true, grant});
        return;
    }
    assert(m.term == term_);
    // RequestVote rule 2: one vote per term, and only for a log at least as up to date.
    // Having a leader in this term means we did not vote for anyone else in it.
    const bool can_vote = voted_for_ == m.from ||
                          (voted_for_ == k_no_node && leader_ == k_no_node) ||
                          opts_.bugs.vote_twice_in_a_term;
    const bool grant = can_vote && up_to_date;
    if (grant) {
        voted_for_ = m.from;
        election_elapsed_ticks_ = 0;  // Figure 2: granting a vote resets the election timer
    }
    send(m.from, vote_response{false, grant});
}

void node::handle_vote_response(const message& m, const vote_response& resp) {
    if (resp.pre_vote) {
        if (role_ != role::pre_candidate) return;
        if (resp.granted && m.term != term_ + 1) return;  // for an earlier rehearsal
    } else if (role_ != role::candidate) {
        return;
    }
    if (!config().is_voter(m.from)) return;
    record_vote(m.from, resp.granted);
}

void node::record_vote(node_id voter, bool granted) {
    for (const auto& [id, vote] : votes_) {
        if (id == voter) return;  // a duplicate answer counts once
    }
    votes_.emplace_back(voter, granted);
    std::size_t granted_count = 0;
    std::size_t rejected_count = 0;
    for (const auto& [id, vote] : votes_) {
        if (!config().is_voter(id)) continue;
        (vote ? granted_count : rejected_count) += 1;
    }
    switch (tally(config().voters.size(), granted_count, rejected_count)) {
        case vote_outcome::won:
            if (role_ == role::pre_candidate) {
                start_campaign(campaign_is_transfer_ ? campaign_kind::transfer
                                                     : campaign_kind::election);
            } else {
                become_leader();
            }
            break;
        case vote_outcome::lost: become_follower(term_, k_no_node); break;
        case vote_outcome::pending: break;
    }
}

bool node::in_leader_lease() const {
    return opts_.check_quorum && leader_ != k_no_node &&
           election_elapsed_ticks_ < opts_.election_timeout_ticks;
}

bool node::quorum_recently_active() {
    std::size_t active = 0;
    for (node_id voter : config().voters) {
        if (voter == opts_.self) {
            active += 1;
        } else if (follower* f = find_follower(voter); f != nullptr && f->pr.recent_active) {
            active += 1;
        }
    }
    for (follower& f : followers_) f.pr.recent_active = false;
    return active >= config().quorum();
}

}  // namespace sb::raft

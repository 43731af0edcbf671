// node: ReadIndex, linearizable reads without writing to the log (dissertation 6.4).
//
// The leader notes its commit index when the read arrives, then proves it is still the
// leader by a round of heartbeats that a quorum echoes; once proven, the state machine
// may answer the read after applying up to the noted index. A new leader first waits
// for an entry of its own term to commit, since before that its commit index may lag
// what the previous leader committed.

#include <cassert>

#include "raft/node.h"
#include "raft/quorum.h"

namespace sb::raft {

status node::read_index(uint64_t read_id) {
    if (role_ != role::leader) return unexpected(error_code::not_leader_or_follower);
    if (pending_reads_.size() >= opts_.max_pending_reads) {
        return unexpected(error_code::throttling_quota_exceeded);
    }
    if (committed_in_current_term()) {
        // Reads arriving before the next ready share one heartbeat round.
        if (!read_round_pending_) read_sequence_ += 1;
        pending_reads_.push_back(pending_read{read_id, log_.commit_index(), read_sequence_});
        read_round_pending_ = true;
    } else {
        pending_reads_.push_back(pending_read{read_id, 0, 0});
    }
    release_confirmed_reads();
    return {};
}

void node::assign_reads_waiting_for_term_commit() {
    assert(committed_in_current_term());
    bool any = false;
    for (pending_read& r : pending_reads_) {
        if (r.sequence != 0) continue;
        r.read_index = log_.commit_index();
        r.sequence = read_sequence_ + 1;
        any = true;
    }
    if (!any) return;
    read_sequence_ += 1;
    read_round_pending_ = true;
    release_confirmed_reads();
}

void node::release_confirmed_reads() {
    assert(role_ == role::leader);
    std::vector<uint64_t> echoed;
    for (node_id voter : config().voters) {
        if (voter == opts_.self) {
            echoed.push_back(read_sequence_);
        } else {
            const follower* f = find_follower(voter);
            echoed.push_back(f != nullptr ? f->pr.read_sequence_acked : 0);
        }
    }
    const uint64_t confirmed = quorum_value(echoed, config().quorum());
    while (!pending_reads_.empty() && pending_reads_.front().sequence != 0 &&
           pending_reads_.front().sequence <= confirmed) {
        const pending_read& r = pending_reads_.front();
        read_results_.push_back(read_result{r.read_id, r.read_index, error_code::none});
        pending_reads_.pop_front();
    }
}

void node::fail_pending_reads() {
    for (const pending_read& r : pending_reads_) {
        read_results_.push_back(read_result{r.read_id, 0, error_code::not_leader_or_follower});
    }
    pending_reads_.clear();
}

}  // namespace sb::raft

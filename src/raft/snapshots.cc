// node: snapshots — InstallSnapshot for followers behind the leader's log start (the
// partition log's prefix truncation), and suggesting when to take one (Raft section 7).

#include <cassert>
#include <utility>

#include "raft/node.h"

namespace sb::raft {

void node::send_snapshot(follower& f) {
    assert(role_ == role::leader);
    snapshot_meta meta = log_.durable().snapshot();
    assert(meta.last_index >= f.pr.next_index);
    f.pr.become_snapshot(meta.last_index);
    send(f.id, snapshot_request{std::move(meta), log_.durable().snapshot_payload()});
}

void node::handle_snapshot_request(const message& m, snapshot_request& req) {
    assert(m.term == term_);
    accept_leader(m.from);
    const log_index index = req.meta.last_index;
    if (index <= log_.commit_index()) {
        // We are already past it (a duplicate, or the leader's view of us was stale).
        send(m.from, append_response{true, log_.commit_index(), 0, 0});
        return;
    }
    if (log_.matches(index, req.meta.last_term)) {
        // We hold the entry it ends at, hence everything before: just commit up to it.
        log_.commit_to(index);
        send(m.from, append_response{true, index, 0, 0});
        return;
    }
    configs_.reset(indexed_configuration{index, req.meta.config});
    log_.restore(std::move(req.meta), std::move(req.data));
    on_configuration_changed();
    send(m.from, append_response{true, index, 0, 0});
}

bool node::snapshot_due() const {
    const log_index interval = opts_.snapshot_interval_entries;
    // While a leader's snapshot is being installed the durable log does not reach the
    // applied index yet.
    if (interval == 0 || log_.installing_snapshot()) return false;
    const log_index applied = log_.applied_index();
    return applied - log_.durable().snapshot_index() >= interval &&
           applied - last_snapshot_suggested_ >= interval;
}

}  // namespace sb::raft

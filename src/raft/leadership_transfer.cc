// node: leadership transfer (dissertation 3.10). The leader stops taking proposals,
// brings the target fully up to date, then sends it TimeoutNow; the target campaigns at
// once, and its vote requests say so, which lets them through the others' leader lease.

#include <cassert>

#include "raft/node.h"

namespace sb::raft {

status node::transfer_leadership(node_id target) {
    if (role_ != role::leader) return unexpected(error_code::not_leader_or_follower);
    if (target == opts_.self || !config().is_voter(target)) {
        return unexpected(error_code::invalid_request);
    }
    if (transfer_target_ == target) return {};
    follower* f = find_follower(target);
    assert(f != nullptr);
    transfer_target_ = target;
    transfer_elapsed_ticks_ = 0;
    maybe_send_timeout_now(*f);
    return {};
}

void node::maybe_send_timeout_now(follower& f) {
    assert(f.id == transfer_target_);
    if (f.pr.match_index == log_.last_index()) {
        send(f.id, timeout_now{});
    } else {
        send_appends_until_paused(f);
    }
}

void node::handle_timeout_now([[maybe_unused]] const message& m) {
    assert(m.term == term_);
    if (role_ == role::leader || !config().is_voter(opts_.self)) return;
    start_campaign(campaign_kind::transfer);
}

}  // namespace sb::raft

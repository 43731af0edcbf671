// node: client proposals. Batches proposed between two readies leave in one append
// request per follower (take_ready flushes them), and the number of entries the leader
// holds beyond what is committed and durable is bounded, which pushes back on producers.

#include <algorithm>
#include <cassert>
#include <utility>

#include "raft/node.h"

namespace sb::raft {

result<log_index> node::propose(std::vector<payload> batches) {
    if (role_ != role::leader || transfer_target_ != k_no_node) {
        return unexpected(error_code::not_leader_or_follower);
    }
    if (batches.empty() || batches.size() > opts_.max_entries_per_proposal) {
        return unexpected(error_code::invalid_request);
    }
    for (const payload& b : batches) {
        if (b.size_bytes() > opts_.max_entry_bytes) {
            return unexpected(error_code::message_too_large);
        }
    }
    const log_index settled = std::min(log_.commit_index(), log_.durable_index());
    const auto count = static_cast<log_index>(batches.size());
    if (log_.last_index() - settled + count > opts_.max_uncommitted_entries) {
        return unexpected(error_code::throttling_quota_exceeded);
    }
    std::vector<entry> entries;
    entries.reserve(batches.size());
    log_index index = log_.last_index();
    for (payload& b : batches) entries.push_back(entry{++index, term_, entry_kind::data, std::move(b)});
    append_to_log(std::move(entries));
    assert(log_.last_index() == index);
    return index;
}

}  // namespace sb::raft

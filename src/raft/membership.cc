// node: membership changes, one server at a time, with learners (dissertation 4.1-4.3).

#include <algorithm>
#include <cassert>

#include "raft/node.h"

namespace sb::raft {

result<log_index> node::propose_config_change(const config_change& change) {
    if (role_ != role::leader || transfer_target_ != k_no_node) {
        return unexpected(error_code::not_leader_or_follower);
    }
    // One change at a time, and only once this leader committed an entry of its term:
    // otherwise a change it appends could be lost to a leader elected under a different,
    // uncommitted configuration (the single-server change bug, fixed this way).
    if (!committed_in_current_term() || configs_.latest().index > log_.commit_index()) {
        return unexpected(error_code::reassignment_in_progress);
    }
    result<configuration> next = apply_change(config(), change);
    if (!next) return unexpected(next.error());
    const log_index index = log_.last_index() + 1;
    append_to_log({entry{index, term_, entry_kind::configuration,
                         payload{encode_configuration(*next)}}});
    assert(config() == *next);
    return index;
}

void node::note_configurations(const std::vector<entry>& entries, log_index truncated_from) {
    bool changed = false;
    if (configs_.latest().index >= truncated_from) {
        configs_.truncate_from(truncated_from);  // an uncommitted configuration is undone
        changed = true;
    }
    for (const entry& e : entries) {
        if (e.kind != entry_kind::configuration) continue;
        result<configuration> config = decode_configuration(e.data.bytes());
        // The leader encoded it; a configuration that does not decode is a corrupt log.
        assert(config.has_value());
        if (!config) continue;
        configs_.append(indexed_configuration{e.index, std::move(*config)});
        changed = true;
    }
    if (changed) on_configuration_changed();
}

void node::on_configuration_changed() {
    if (role_ != role::leader) return;
    // Drop the followers that left; start probing the ones that joined.
    std::erase_if(followers_, [&](const follower& f) { return !config().is_member(f.id); });
    auto add = [&](node_id id) {
        if (id == opts_.self || find_follower(id) != nullptr) return;
        followers_.push_back(follower{id, progress(log_.last_index() + 1,
                                                   opts_.max_inflight_append_requests,
                                                   opts_.max_inflight_append_bytes)});
    };
    for (node_id id : config().voters) add(id);
    for (node_id id : config().learners) add(id);
    if (transfer_target_ != k_no_node && !config().is_voter(transfer_target_)) {
        transfer_target_ = k_no_node;
    }
}

}  // namespace sb::raft

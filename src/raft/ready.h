#pragma once
// ready: everything a node wants done after it handled some inputs.
//
// The binding layer (or the simulator) takes a ready and does, in this order:
//   1. Persist: install snapshot_to_install, then truncate the log from
//      entries_to_persist.front().index and append them, then write hard_state_to_persist;
//      start one fsync for all of it.
//   2. Send messages_now at once; they do not depend on step 1. This is how a leader's
//      append requests leave while its own write is still going to disk (dissertation
//      10.2.1): its own copy counts toward the commit quorum only once on_persisted()
//      reports it durable.
//   3. When the fsync completes: send messages_after_persist (votes and acknowledgements
//      promise things that must survive a crash), then call node::on_persisted() and
//      node::on_snapshot_installed(). Persists complete in the order readies were taken.
//   4. Apply entries_to_apply in order (committed and durable locally), answer reads in
//      read_results once the state machine has applied read_index, and take the snapshot
//      described by snapshot_to_take: the state right after this ready's entries are
//      applied (for a data partition, a prefix truncation up to its index).
//   A ready with nothing to persist still releases messages_after_persist only once the
//   persists of earlier readies completed.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/error_code.h"
#include "raft/entry.h"
#include "raft/log_view.h"
#include "raft/messages.h"
#include "raft/types.h"

namespace sb::raft {

struct snapshot_install {
    snapshot_meta meta;
    payload data;
};

// Outcome of node::read_index(): the state machine may serve the read once it has applied
// read_index. error is not_leader_or_follower when leadership was lost before confirmation.
struct read_result {
    uint64_t read_id = 0;
    log_index read_index = 0;
    sb::error_code error = sb::error_code::none;
};

struct ready {
    std::optional<hard_state> hard_state_to_persist;
    std::optional<snapshot_install> snapshot_to_install;
    std::vector<entry> entries_to_persist;
    std::vector<message> messages_now;
    std::vector<message> messages_after_persist;
    std::vector<entry> entries_to_apply;
    std::vector<read_result> read_results;
    std::optional<snapshot_meta> snapshot_to_take;

    bool needs_persist() const {
        return hard_state_to_persist || snapshot_to_install || !entries_to_persist.empty();
    }
};

}  // namespace sb::raft

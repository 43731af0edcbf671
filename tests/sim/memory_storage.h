#pragma once
// memory_storage: what one simulated replica has on disk — hard state, snapshot and log.
//
// Only durable state lives here. Writes a node asked for but that are not synced yet are
// held by sim_node as pending persist operations and reach this object when their
// simulated fsync completes; a crash drops them, which is how the simulator loses
// unsynced writes.

#include <deque>
#include <vector>

#include "raft/log_view.h"
#include "raft/ready.h"

namespace sb::raft::sim {

// One ready's worth of writes, applied atomically when its fsync completes.
struct persist_op {
    std::optional<hard_state> state;
    std::optional<snapshot_install> snapshot;
    std::vector<entry> entries;
};

class memory_storage final : public log_view {
public:
    // A brand-new replica: an empty log whose snapshot at index 0 holds `initial`.
    explicit memory_storage(configuration initial);

    log_index snapshot_index() const override { return snapshot_.last_index; }
    term_id snapshot_term() const override { return snapshot_.last_term; }
    snapshot_meta snapshot() const override { return snapshot_; }
    payload snapshot_payload() const override { return snapshot_data_; }
    log_index last_index() const override;
    term_id term_at(log_index index) const override;
    void read(log_index from, log_index to, std::size_t max_bytes,
              std::vector<entry>& out) const override;
    std::vector<indexed_configuration> configurations() const override;

    const hard_state& state() const { return state_; }
    const std::deque<entry>& entries() const { return entries_; }

    // The fsync of `op` completed.
    void apply(const persist_op& op);
    // The state machine took a snapshot at meta.last_index (<= last_index()): drop the
    // prefix it covers. Written and synced at once.
    void compact(snapshot_meta meta, payload data);

private:
    const entry& at(log_index index) const;

    hard_state state_;
    snapshot_meta snapshot_;
    payload snapshot_data_;
    std::deque<entry> entries_;  // (snapshot_.last_index, last_index()]
};

}  // namespace sb::raft::sim

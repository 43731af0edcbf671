#include "sim/sim_node.h"

#include <cassert>
#include <utility>

#include "sim/state_hash.h"

namespace sb::raft::sim {

sim_node::sim_node(const options& raft_options, configuration initial, checker& check,
                   message_sink& network, trace& log)
    : options_(raft_options),
      check_(check),
      network_(network),
      log_(log),
      storage_(std::move(initial)) {
    raft_ = std::make_unique<raft::node>(options_, storage_, storage_.state(), 0);
}

void sim_node::tick() {
    assert(up());
    raft_->tick();
    process_ready();
}

void sim_node::deliver(message m) {
    assert(up());
    if (log_.enabled()) log_.line("deliver {}", describe(m));
    raft_->step(std::move(m));
    process_ready();
}

result<log_index> sim_node::propose(std::vector<payload> batches) {
    assert(up());
    result<log_index> r = raft_->propose(std::move(batches));
    if (r) log_.line("node {} proposed up to index {}", id(), *r);
    process_ready();
    return r;
}

status sim_node::read(uint64_t read_id) {
    assert(up());
    status s = raft_->read_index(read_id);
    if (s) {
        read_floors_[read_id] = check_.read_floor();
        log_.line("node {} read {} asked (floor {})", id(), read_id, check_.read_floor());
    }
    process_ready();
    return s;
}

void sim_node::process_ready() {
    while (up() && raft_->has_ready() && !check_.failed()) {
        ready rd = raft_->take_ready();
        if (rd.snapshot_to_install) {
            const snapshot_install& s = *rd.snapshot_to_install;
            state_chain_ = decode_state(s.data);
            applied_index_ = s.meta.last_index;
            log_.line("node {} installs snapshot at {}/{}", id(), s.meta.last_index,
                      s.meta.last_term);
            counts_.snapshots_installed += 1;
            check_.on_log_reset(id(), s.meta.last_index, s.meta.last_term, state_chain_);
            check_.on_applied(id(), applied_index_, state_chain_, raft_->term());
        }
        if (!rd.entries_to_persist.empty()) check_.on_entries_written(id(), rd.entries_to_persist);
        for (message& m : rd.messages_now) network_.send(std::move(m));
        if (rd.needs_persist() || !pending_.empty()) {
            // Persists complete in order, so messages waiting on nothing new still wait
            // for the writes before them.
            pending_.push_back(pending_persist{
                persist_op{rd.hard_state_to_persist, std::move(rd.snapshot_to_install),
                           std::move(rd.entries_to_persist)},
                std::move(rd.messages_after_persist)});
        } else {
            for (message& m : rd.messages_after_persist) network_.send(std::move(m));
        }
        apply_committed(rd.entries_to_apply);
        for (const read_result& r : rd.read_results) {
            auto floor = read_floors_.find(r.read_id);
            assert(floor != read_floors_.end());
            if (r.error == error_code::none) {
                log_.line("node {} read {} confirmed at index {}", id(), r.read_id, r.read_index);
                check_.on_read_result(id(), r.read_index, floor->second);
                counts_.reads_confirmed += 1;
            }
            read_floors_.erase(floor);
        }
        if (rd.snapshot_to_take) {
            assert(rd.snapshot_to_take->last_index == applied_index_);
            log_.line("node {} takes snapshot at {}", id(), applied_index_);
            storage_.compact(*rd.snapshot_to_take, encode_state(state_chain_));
            counts_.snapshots_taken += 1;
        }
        if (raft_->current_role() == role::leader) check_.on_leader(id(), raft_->term());
        trace_role_change();
    }
}

void sim_node::trace_role_change() {
    if (!log_.enabled()) return;
    if (raft_->current_role() == traced_role_ && raft_->term() == traced_term_) return;
    traced_role_ = raft_->current_role();
    traced_term_ = raft_->term();
    log_.line("node {} is {} in term {} (log {}..{}, commit {})", id(), role_name(traced_role_),
              traced_term_, raft_->first_index(), raft_->last_index(), raft_->commit_index());
}

void sim_node::apply_committed(const std::vector<entry>& entries) {
    for (const entry& e : entries) {
        if (e.index != applied_index_ + 1) {
            check_.fail(fmt::format("apply order: node {} applied index {} after {}", id(),
                                    e.index, applied_index_));
            return;
        }
        state_chain_ = chain_next(state_chain_, e);
        applied_index_ = e.index;
        check_.on_applied(id(), e.index, state_chain_, raft_->term());
    }
}

bool sim_node::sync() {
    if (!up() || pending_.empty()) return false;
    // Only what was staged before the fsync started; readies produced while completing
    // it wait for the next one.
    std::deque<pending_persist> synced = std::exchange(pending_, {});
    for (pending_persist& p : synced) {
        if (!up() || check_.failed()) break;
        storage_.apply(p.op);
        for (message& m : p.messages_after) network_.send(std::move(m));
        if (p.op.snapshot) raft_->on_snapshot_installed(p.op.snapshot->meta.last_index);
        if (!p.op.entries.empty()) {
            raft_->on_persisted(p.op.entries.back().index, p.op.entries.back().term);
        }
    }
    process_ready();
    return true;
}

void sim_node::crash() {
    assert(up());
    log_.line("node {} crashes, losing {} unsynced writes", id(), pending_.size());
    raft_.reset();
    pending_.clear();
    read_floors_.clear();
    // The state machine is volatile: it comes back from the snapshot, then re-applies.
    applied_index_ = storage_.snapshot_index();
    state_chain_ = applied_index_ == 0 ? 0 : decode_state(storage_.snapshot_payload());
    check_.on_log_reset(id(), storage_.snapshot_index(), storage_.snapshot_term(), state_chain_);
    if (!storage_.entries().empty()) {
        check_.on_entries_written(
            id(), std::vector<entry>(storage_.entries().begin(), storage_.entries().end()));
    }
}

void sim_node::restart() {
    assert(!up());
    counts_.restarts += 1;
    options o = options_;
    o.random_seed = options_.random_seed + static_cast<uint64_t>(counts_.restarts);
    raft_ = std::make_unique<raft::node>(o, storage_, storage_.state(), applied_index_);
    log_.line("node {} restarts at term {} with log ({}, {}] commit {}", id(), raft_->term(),
              storage_.snapshot_index(), storage_.last_index(), raft_->commit_index());
    process_ready();
}

}  // namespace sb::raft::sim

#pragma once
// sim_node: one simulated replica — a raft::node plus what the binding layer would give
// it: a disk (memory_storage, with fsyncs that complete when the simulation says so), a
// network to send to, and a state machine (a hash chain of applied entries).
//
// It carries out every ready the way ready.h prescribes and reports what happens to the
// checker. crash() loses everything not synced (pending writes, the messages waiting for
// them, the state machine); restart() builds a new raft::node over what was durable.

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "raft/node.h"
#include "sim/checker.h"
#include "sim/memory_storage.h"
#include "sim/trace.h"

namespace sb::raft::sim {

class message_sink {
public:
    virtual ~message_sink() = default;
    virtual void send(message m) = 0;
};

class sim_node {
public:
    sim_node(const options& raft_options, configuration initial, checker& check,
             message_sink& network, trace& log);

    node_id id() const { return options_.self; }
    bool up() const { return raft_ != nullptr; }
    // The consensus core; only while up.
    raft::node& raft() { return *raft_; }
    const raft::node& raft() const { return *raft_; }
    const memory_storage& storage() const { return storage_; }
    log_index applied_index() const { return applied_index_; }
    std::size_t pending_persists() const { return pending_.size(); }
    // What this replica did over its whole life (restarts included), for run statistics.
    struct counters {
        int64_t snapshots_installed = 0;
        int64_t snapshots_taken = 0;
        int64_t reads_confirmed = 0;
        int64_t restarts = 0;
    };
    const counters& counts() const { return counts_; }

    // Inputs, each followed by carrying out the readies they produce.
    void tick();
    void deliver(message m);
    result<log_index> propose(std::vector<payload> batches);
    status read(uint64_t read_id);
    // An fsync completes: every write staged so far becomes durable, in order. False when
    // nothing was pending.
    bool sync();
    void crash();
    void restart();
    // Carries out readies until the node has none (after direct calls on raft()).
    void process_ready();

private:
    struct pending_persist {
        persist_op op;
        std::vector<message> messages_after;
    };
    void apply_committed(const std::vector<entry>& entries);
    void trace_role_change();

    options options_;
    checker& check_;
    message_sink& network_;
    trace& log_;
    memory_storage storage_;
    std::unique_ptr<raft::node> raft_;
    std::deque<pending_persist> pending_;
    log_index applied_index_ = 0;
    uint64_t state_chain_ = 0;
    // The commit floor each outstanding read must reach (checker::read_floor).
    std::unordered_map<uint64_t, log_index> read_floors_;
    counters counts_;
    role traced_role_ = role::follower;
    term_id traced_term_ = 0;
};

}  // namespace sb::raft::sim

#pragma once
// options: every knob and limit of one Raft node, each with its default.
//
// Time is counted in ticks: the binding layer calls node::tick() at a fixed interval
// (docs/raft.md suggests 10 ms per tick for data partitions), the simulator whenever it
// likes. Nothing in the core reads a clock.

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "raft/types.h"

namespace sb::raft {

// Deliberate protocol bugs, for tests only: each breaks one rule of the paper so that a
// test can show the simulator's checkers notice. Never set outside tests.
struct injected_bugs {
    bool commit_entries_of_earlier_terms = false;  // breaks section 5.4.2 (Figure 8)
    bool vote_twice_in_a_term = false;             // breaks RequestVote rule 2
    bool vote_for_stale_logs = false;              // breaks the election restriction (5.4.1)
    bool acknowledge_before_persisting = false;    // sends acks before the entries are durable
};

struct options {
    node_id self = k_no_node;
    // Seeds the election-timeout jitter; give every node its own.
    uint64_t random_seed = 0;

    // A follower campaigns after a random timeout in [election_timeout_ticks,
    // 2 * election_timeout_ticks) without hearing from a leader; a leader with check_quorum
    // steps down when it has not heard from a quorum within election_timeout_ticks.
    int32_t election_timeout_ticks = 10;
    int32_t heartbeat_interval_ticks = 2;
    // Pre-vote (dissertation 9.6): a node that was partitioned away cannot bump everyone's
    // term when it comes back.
    bool pre_vote = true;
    // Check-quorum: a leader that cannot reach a quorum steps down, and followers that heard
    // from a leader recently ignore vote requests (leader lease, dissertation 4.2.3).
    bool check_quorum = true;

    // Flow control, per follower: bytes and requests in flight before the leader waits
    // for acknowledgements, and the size of one append request (always >= one entry).
    std::size_t max_append_request_bytes = 1024 * 1024;
    std::size_t max_inflight_append_bytes = 8 * 1024 * 1024;
    std::size_t max_inflight_append_requests = 64;

    // Proposals: entries per propose() call, bytes per entry, and entries the leader holds
    // beyond what is both committed and durable locally (back-pressure toward producers).
    std::size_t max_entries_per_proposal = 1024;
    std::size_t max_entry_bytes = 16 * 1024 * 1024;
    log_index max_uncommitted_entries = 8192;

    // Entries handed to the state machine by one ready().
    std::size_t max_apply_bytes_per_ready = 16 * 1024 * 1024;
    // Suggest a snapshot (ready::snapshot_to_take) once this many applied entries sit
    // above the last snapshot; 0 never suggests one.
    log_index snapshot_interval_entries = 0;
    // A follower sent a snapshot that has not answered after this many heartbeat answers
    // is probed again (the snapshot was lost).
    int32_t snapshot_retry_heartbeats = 10;
    // ReadIndex requests waiting for their confirmation round.
    std::size_t max_pending_reads = 4096;

    injected_bugs bugs;
};

// invalid_config with the first limit that is out of range.
status validate(const options& opts);

}  // namespace sb::raft

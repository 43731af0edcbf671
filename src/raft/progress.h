#pragma once
// progress: what a leader knows about one follower's log, and how it sends to it.
//
//   probe      the leader does not know where the follower's log ends; it sends one
//              append request and waits for the answer (or the next heartbeat answer)
//              before sending another, moving next_index back on each rejection.
//   replicate  the follower is known to match up to match_index; the leader streams
//              append requests back to back, bounded by the in-flight window (flow
//              control), and advances next_index optimistically.
//   snapshot   the follower needs entries the leader compacted; a snapshot is on its way
//              and nothing else is sent until it is acknowledged (or presumed lost).

#include <cstddef>
#include <cstdint>
#include <deque>

#include "raft/types.h"

namespace sb::raft {

// The append requests sent to one follower and not yet acknowledged, bounded both in
// requests and in bytes. A request that does not fit is still allowed when nothing is in
// flight, so one entry larger than the window cannot stall replication.
class inflight_window {
public:
    inflight_window(std::size_t max_requests, std::size_t max_bytes);

    bool full() const;
    void add(log_index last_index, std::size_t size_bytes);
    // An acknowledgement up to `index` frees every request that ended at or before it.
    void free_up_to(log_index index);
    // Frees the oldest request, on the suspicion that it was lost (heartbeat answered).
    void free_oldest();
    void clear();

    std::size_t requests() const { return sent_.size(); }
    std::size_t bytes() const { return bytes_; }

private:
    struct sent_request {
        log_index last_index;
        std::size_t size_bytes;
    };
    std::size_t max_requests_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::deque<sent_request> sent_;
};

enum class replication_mode : uint8_t { probe, replicate, snapshot };

struct progress {
    progress(log_index next, std::size_t max_inflight_requests, std::size_t max_inflight_bytes);

    log_index match_index = 0;
    log_index next_index = 1;
    replication_mode mode = replication_mode::probe;
    // probe mode: one request is out; wait for its answer or a heartbeat answer.
    bool probe_sent = false;
    // snapshot mode: the index of the snapshot sent, and heartbeat answers since then.
    log_index pending_snapshot_index = 0;
    int32_t heartbeats_since_snapshot = 0;
    // check_quorum: heard from since the last check.
    bool recent_active = false;
    // ReadIndex: highest read sequence this follower echoed in this term.
    uint64_t read_sequence_acked = 0;
    inflight_window inflight;

    void become_probe();
    void become_replicate();
    void become_snapshot(log_index snapshot_index);

    // Nothing may be sent now (waiting for an answer, or the window is full).
    bool paused() const;
    // An acknowledgement of `index`; false when it tells nothing new.
    bool acknowledge(log_index index);
    // A rejection of the request that carried prev_log_index `rejected`, with the next
    // index the follower's hint suggests. False when the rejection is stale.
    bool back_off(log_index rejected, log_index hinted_next);
    // The leader sent entries up to `last_index` (last_index == next_index - 1 for a probe
    // without entries) costing `size_bytes`.
    void sent(log_index last_index, std::size_t size_bytes);
};

}  // namespace sb::raft

#include "raft/progress.h"

#include <algorithm>
#include <cassert>

namespace sb::raft {

inflight_window::inflight_window(std::size_t max_requests, std::size_t max_bytes)
    : max_requests_(max_requests), max_bytes_(max_bytes) {
    assert(max_requests_ > 0);
    assert(max_bytes_ > 0);
}

bool inflight_window::full() const {
    return sent_.size() >= max_requests_ || (!sent_.empty() && bytes_ >= max_bytes_);
}

void inflight_window::add(log_index last_index, std::size_t size_bytes) {
    assert(!full());
    assert(sent_.empty() || sent_.back().last_index <= last_index);
    sent_.push_back({last_index, size_bytes});
    bytes_ += size_bytes;
}

void inflight_window::free_up_to(log_index index) {
    while (!sent_.empty() && sent_.front().last_index <= index) free_oldest();
}

void inflight_window::free_oldest() {
    assert(!sent_.empty());
    assert(bytes_ >= sent_.front().size_bytes);
    bytes_ -= sent_.front().size_bytes;
    sent_.pop_front();
}

void inflight_window::clear() {
    sent_.clear();
    bytes_ = 0;
}

progress::progress(log_index next, std::size_t max_inflight_requests,
                   std::size_t max_inflight_bytes)
    : next_index(next), inflight(max_inflight_requests, max_inflight_bytes) {
    assert(next >= 1);
}

void progress::become_probe() {
    // After a snapshot the follower holds at least the snapshot; otherwise resume right
    // after what it is known to match.
    const log_index floor = mode == replication_mode::snapshot
                                ? std::max(match_index, pending_snapshot_index)
                                : match_index;
    mode = replication_mode::probe;
    next_index = floor + 1;
    probe_sent = false;
    pending_snapshot_index = 0;
    inflight.clear();
}

void progress::become_replicate() {
    mode = replication_mode::replicate;
    next_index = match_index + 1;
    probe_sent = false;
    pending_snapshot_index = 0;
    inflight.clear();
}

void progress::become_snapshot(log_index snapshot_index) {
    assert(snapshot_index > match_index);
    mode = replication_mode::snapshot;
    pending_snapshot_index = snapshot_index;
    heartbeats_since_snapshot = 0;
    probe_sent = false;
    inflight.clear();
}

bool progress::paused() const {
    switch (mode) {
        case replication_mode::probe: return probe_sent;
        case replication_mode::replicate: return inflight.full();
        case replication_mode::snapshot: return true;
    }
    return true;
}

bool progress::acknowledge(log_index index) {
    probe_sent = false;
    if (index <= match_index) return false;
    match_index = index;
    next_index = std::max(next_index, index + 1);
    inflight.free_up_to(index);
    assert(next_index > match_index);
    return true;
}

bool progress::back_off(log_index rejected, log_index hinted_next) {
    if (mode == replication_mode::replicate) {
        // Every request at or below match was accepted, so this answers an old duplicate.
        if (rejected <= match_index) return false;
        become_probe();
    } else if (mode == replication_mode::probe) {
        // Only the answer to the request we sent last tells where to go next.
        if (rejected != next_index - 1) return false;
    } else {
        return false;  // a snapshot is on its way; its answer will reset next_index
    }
    next_index = std::max(std::min(rejected, hinted_next), match_index + 1);
    probe_sent = false;
    assert(next_index >= 1 && next_index > match_index);
    return true;
}

void progress::sent(log_index last_index, std::size_t size_bytes) {
    assert(last_index >= next_index - 1);
    switch (mode) {
        case replication_mode::replicate:
            if (last_index >= next_index) {
                next_index = last_index + 1;
                inflight.add(last_index, size_bytes);
            }
            break;
        case replication_mode::probe: probe_sent = true; break;
        case replication_mode::snapshot: assert(false && "nothing is sent while a snapshot is"); break;
    }
}

}  // namespace sb::raft

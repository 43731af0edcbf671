#include "raft/options.h"

namespace sb::raft {

status validate(const options& o) {
    const bool valid = o.self >= 0 && o.election_timeout_ticks >= 2 &&
                       o.heartbeat_interval_ticks >= 1 &&
                       o.heartbeat_interval_ticks < o.election_timeout_ticks &&
                       o.max_append_request_bytes > 0 &&
                       o.max_inflight_append_bytes >= o.max_append_request_bytes &&
                       o.max_inflight_append_requests > 0 && o.max_entries_per_proposal > 0 &&
                       o.max_entry_bytes > 0 && o.max_uncommitted_entries > 0 &&
                       o.max_apply_bytes_per_ready > 0 && o.snapshot_interval_entries >= 0 &&
                       o.snapshot_retry_heartbeats > 0 && o.max_pending_reads > 0;
    if (!valid) return unexpected(error_code::invalid_config);
    return {};
}

}  // namespace sb::raft

#pragma once
// group_config: the limits and timeouts of the group coordinator, one field per config
// key. Names and defaults are Kafka's wherever Kafka has the setting; the two that are
// StreamBus's own say so. Read-only once a coordinator is built.

#include <cstdint>
#include <limits>
#include <string>

namespace sb::kafka::groups {

struct group_config {
    // group.min.session.timeout.ms / group.max.session.timeout.ms: the session timeout a
    // member may ask for in JoinGroup; outside the range it gets INVALID_SESSION_TIMEOUT.
    int32_t min_session_timeout_ms = 6'000;
    int32_t max_session_timeout_ms = 1'800'000;
    // group.initial.rebalance.delay.ms: how long the first rebalance of an empty group waits
    // for more members, extended by as much again for each member that arrives, up to the
    // rebalance timeout.
    int32_t initial_rebalance_delay_ms = 3'000;
    // group.max.size: members per group; a further member gets GROUP_MAX_SIZE_REACHED.
    int32_t max_size = std::numeric_limits<int32_t>::max();
    // group.new.member.join.timeout.ms (StreamBus; Kafka fixes it at 5 minutes): how long a
    // new member's parked JoinGroup keeps it in the group. A client that gave up and
    // retried would otherwise leave a defunct member behind for the whole rebalance.
    int32_t new_member_join_timeout_ms = 300'000;
    // group.max.count (StreamBus; Kafka has no such limit): groups one coordinator (one
    // __consumer_offsets partition) holds. A JoinGroup or OffsetCommit that would create
    // one more gets COORDINATOR_NOT_AVAILABLE, which clients retry.
    int32_t max_groups = 100'000;
    // offset.metadata.max.bytes: the metadata string of one committed offset; longer gets
    // OFFSET_METADATA_TOO_LARGE. At most 32767 (a Kafka string).
    int32_t offset_metadata_max_bytes = 4'096;
    // offsets.retention.minutes: how long the offsets of a group outlive its last member
    // (or, for a group that only commits, the commit itself). 7 days.
    int32_t offsets_retention_minutes = 10'080;
    // offsets.retention.check.interval.ms: how often expired offsets are looked for.
    int64_t offsets_retention_check_interval_ms = 600'000;

    int64_t offsets_retention_ms() const { return int64_t{offsets_retention_minutes} * 60'000; }
};

// "" when the config is usable, otherwise what is wrong with it (for the startup error).
std::string validate(const group_config& config);

}  // namespace sb::kafka::groups

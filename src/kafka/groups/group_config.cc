#include "kafka/groups/group_config.h"

#include "protocol/wire_limits.h"

namespace sb::kafka::groups {

std::string validate(const group_config& config) {
    if (config.min_session_timeout_ms < 1) return "group.min.session.timeout.ms must be at least 1";
    if (config.max_session_timeout_ms < config.min_session_timeout_ms) {
        return "group.max.session.timeout.ms must not be below group.min.session.timeout.ms";
    }
    if (config.initial_rebalance_delay_ms < 0) return "group.initial.rebalance.delay.ms must not be negative";
    if (config.max_size < 1) return "group.max.size must be at least 1";
    if (config.new_member_join_timeout_ms < 1) return "group.new.member.join.timeout.ms must be at least 1";
    if (config.max_groups < 1) return "group.max.count must be at least 1";
    if (config.offset_metadata_max_bytes < 0 ||
        static_cast<std::size_t>(config.offset_metadata_max_bytes) > protocol::k_max_string_bytes) {
        return "offset.metadata.max.bytes must be between 0 and 32767";
    }
    if (config.offsets_retention_minutes < 1) return "offsets.retention.minutes must be at least 1";
    if (config.offsets_retention_check_interval_ms < 1) return "offsets.retention.check.interval.ms must be at least 1";
    return "";
}

}  // namespace sb::kafka::groups

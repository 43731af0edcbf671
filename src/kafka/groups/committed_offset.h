#pragma once
// One committed offset as the coordinator keeps it and persists it.

#include <cstdint>
#include <optional>
#include <string>

namespace sb::kafka::groups {

struct committed_offset {
    int64_t offset = 0;
    int32_t leader_epoch = -1;
    std::string metadata;
    int64_t commit_timestamp_ms = 0;
    // Set only by OffsetCommit v2-v4 with an explicit retention time: the offset expires
    // then, whatever the group does. Otherwise offsets.retention.minutes applies.
    std::optional<int64_t> expire_timestamp_ms;
    friend bool operator==(const committed_offset&, const committed_offset&) = default;
};

}  // namespace sb::kafka::groups

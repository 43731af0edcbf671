#pragma once
// What the coordinator does when a persist_request it emitted becomes durable or fails.
// Internal to group_coordinator.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "kafka/groups/committed_offset.h"
#include "kafka/groups/ready.h"

namespace sb::kafka::groups {

// OffsetCommit: the offsets become visible, and the commit is answered, once durable.
struct commit_waiter {
    ticket_id ticket = 0;
    std::string group_id;
    uint64_t incarnation = 0;
    offset_commit_result result;  // errors already known; the rest filled in on completion
    struct pending_commit {
        std::size_t result_index = 0;
        topic_partition partition;
        committed_offset value;
    };
    std::vector<pending_commit> commits;
};

// The leader's SyncGroup: the generation becomes Stable, and every parked SyncGroup is
// answered with its assignment, once the assignment is durable.
struct sync_waiter {
    std::string group_id;
    uint64_t incarnation = 0;
    int32_t generation_id = 0;
    std::map<std::string, bytes> assignments;
};

// A static member that restarted into a Stable group: its JoinGroup is answered once the
// new member id is durable, so that a coordinator restart cannot forget it.
struct static_rejoin_waiter {
    ticket_id ticket = 0;
    std::string group_id;
    std::string member_id;
    join_result result;  // complete but for the error
};

// DeleteGroups / OffsetDelete: the state is already gone; the answer waits for the
// tombstones. On failure every `none` in the result becomes the append error.
struct deletion_waiter {
    ticket_id ticket = 0;
    answer_result result;
};

// Records nobody waits for (an emptied generation, expired offsets).
struct no_waiter {};

using persist_waiter = std::variant<no_waiter, commit_waiter, sync_waiter, static_rejoin_waiter, deletion_waiter>;

// The error a client gets when its records could not be appended, as Kafka maps it:
// transient storage trouble -> COORDINATOR_NOT_AVAILABLE, lost leadership -> NOT_COORDINATOR,
// a batch too large -> UNKNOWN_SERVER_ERROR (INVALID_COMMIT_OFFSET_SIZE for offsets).
error_code client_error_for_append(error_code append_error, bool offsets);

}  // namespace sb::kafka::groups

#pragma once
// The inputs and outputs of the group coordinator's operations, one struct per Kafka
// API, independent of the wire version. The handlers fill them from the decoded request
// (the comments say which field of which version) and build the response from them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error_code.h"

namespace sb::kafka::groups {

using bytes = std::vector<uint8_t>;

// Names one request parked in the coordinator until its answer is ready. Chosen by the
// caller, unique among the requests it has not yet had answered.
using ticket_id = uint64_t;

struct protocol_entry {
    std::string name;  // the assignor, e.g. "range", "cooperative-sticky"
    bytes metadata;    // for "consumer": a ConsumerProtocolSubscription
    friend bool operator==(const protocol_entry&, const protocol_entry&) = default;
};

// ─── JoinGroup ───────────────────────────────────────────────────────────────────────
struct join_request {
    std::string group_id;
    std::string member_id;  // "" for a member that has none yet
    std::optional<std::string> group_instance_id;  // v5+: static membership
    std::string client_id;    // request header
    std::string client_host;  // peer address, shown by DescribeGroups
    int32_t session_timeout_ms = 0;
    int32_t rebalance_timeout_ms = 0;  // v0 has none: pass session_timeout_ms
    std::string protocol_type;
    std::vector<protocol_entry> protocols;  // in the member's order of preference
    bool require_known_member_id = false;   // v4+: a new member first gets MEMBER_ID_REQUIRED
    bool supports_skip_assignment = false;  // v9+
};

struct join_member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    bytes metadata;  // of the selected protocol
    friend bool operator==(const join_member&, const join_member&) = default;
};

struct join_result {
    error_code error = error_code::none;
    int32_t generation_id = -1;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    std::string leader_id;
    std::string member_id;
    bool skip_assignment = false;
    std::vector<join_member> members;  // the leader's answer only
};

// ─── SyncGroup ───────────────────────────────────────────────────────────────────────
struct member_assignment {
    std::string member_id;
    bytes assignment;
};

struct sync_request {
    std::string group_id;
    int32_t generation_id = -1;
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v3+
    std::optional<std::string> protocol_type;      // v5+; checked when present
    std::optional<std::string> protocol_name;      // v5+; checked when present
    std::vector<member_assignment> assignments;    // the leader's only
};

struct sync_result {
    error_code error = error_code::none;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    bytes assignment;
};

// ─── Heartbeat ───────────────────────────────────────────────────────────────────────
struct heartbeat_request {
    std::string group_id;
    int32_t generation_id = -1;
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v3+
};

// ─── LeaveGroup ──────────────────────────────────────────────────────────────────────
struct leaving_member {
    std::string member_id;  // "" to name a static member by its instance id alone (v3+)
    std::optional<std::string> group_instance_id;
};

struct leave_request {
    std::string group_id;
    std::vector<leaving_member> members;  // v0-v2: exactly one, the sender
};

struct leaving_member_result {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    error_code error = error_code::none;
};

struct leave_result {
    error_code error = error_code::none;          // for the whole request
    std::vector<leaving_member_result> members;   // in request order
};

// ─── OffsetCommit / OffsetFetch / OffsetDelete ───────────────────────────────────────
struct topic_partition {
    std::string topic;
    int32_t partition = 0;
    friend auto operator<=>(const topic_partition&, const topic_partition&) = default;
};

struct partition_commit {
    topic_partition partition;
    int64_t offset = 0;
    int32_t leader_epoch = -1;             // v6+
    std::optional<std::string> metadata;   // null is stored as ""
};

struct offset_commit_request {
    std::string group_id;
    int32_t generation_id = -1;  // -1: a commit from outside group management (v1+)
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v7+
    int64_t retention_time_ms = -1;  // v2-v4: -1 for the broker's retention
    std::vector<partition_commit> partitions;
};

struct partition_error {
    topic_partition partition;
    error_code error = error_code::none;
    friend bool operator==(const partition_error&, const partition_error&) = default;
};

struct offset_commit_result {
    std::vector<partition_error> partitions;  // in request order
};

struct offset_fetch_request {
    std::string group_id;
    std::optional<std::vector<topic_partition>> partitions;  // nullopt: every committed one
    bool require_stable = false;  // v7+
};

struct fetched_offset {
    topic_partition partition;
    int64_t offset = -1;       // -1: nothing committed
    int32_t leader_epoch = -1;
    std::string metadata;
    error_code error = error_code::none;
    friend bool operator==(const fetched_offset&, const fetched_offset&) = default;
};

struct offset_fetch_result {
    std::vector<fetched_offset> partitions;  // request order, or by topic and partition
};

struct offset_delete_request {
    std::string group_id;
    std::vector<topic_partition> partitions;
};

struct offset_delete_result {
    error_code error = error_code::none;
    std::vector<partition_error> partitions;  // in request order; empty on a group error
};

// ─── ListGroups / DescribeGroups / DeleteGroups ──────────────────────────────────────
struct group_listing {
    std::string group_id;
    std::string protocol_type;  // "" when none
    std::string state;
    friend bool operator==(const group_listing&, const group_listing&) = default;
};

struct described_member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string client_host;
    bytes metadata;    // of the selected protocol; empty unless the group is Stable
    bytes assignment;  // empty unless the group is Stable
    friend bool operator==(const described_member&, const described_member&) = default;
};

struct group_description {
    error_code error = error_code::none;
    std::string group_id;
    std::string state;          // "Dead" for a group the coordinator does not have
    std::string protocol_type;  // "" when none
    std::string protocol_name;  // "" unless the group is Stable
    std::vector<described_member> members;
};

struct group_deletion {
    std::string group_id;
    error_code error = error_code::none;
    friend bool operator==(const group_deletion&, const group_deletion&) = default;
};

struct delete_groups_result {
    std::vector<group_deletion> groups;  // one per distinct group id, in request order
};

}  // namespace sb::kafka::groups

#pragma once
// The records the coordinator persists in its __consumer_offsets partition, and their
// encoding. docs/consumer-groups.md ("Persisted records") is the reference for the bytes;
// this file must agree with it.
//
// Every record has a key and a value; a missing value (a tombstone) deletes the key. The
// keys are built so that log compaction keeps exactly the latest record per group (group
// metadata) and per group + topic + partition (committed offset): equal keys are equal
// bytes. All integers are big-endian; strings are Kafka strings (int16 length, then UTF-8);
// byte arrays have an int32 length.
//
//   key   := int16 key_type, then
//            key_type 0 (offset):  string group_id, string topic, int32 partition
//            key_type 1 (group):   string group_id
//   offset value v0 := int16 version (0), int64 offset, int32 leader_epoch,
//            string metadata, int64 commit_timestamp_ms, int64 expire_timestamp_ms (-1: none)
//   group value v0  := int16 version (0), nullable string protocol_type,
//            int32 generation_id, nullable string protocol_name, nullable string leader_id,
//            int64 state_timestamp_ms, int32 member_count, then per member:
//            string member_id, nullable string group_instance_id, string client_id,
//            string client_host, int32 rebalance_timeout_ms, int32 session_timeout_ms,
//            bytes subscription, bytes assignment
//
// A decoder accepts only the versions it knows and the exact length: a record from a
// newer broker is refused (INVALID_RECORD) rather than half read.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/result.h"
#include "kafka/groups/committed_offset.h"
#include "kafka/groups/group_requests.h"

namespace sb::kafka::groups {

struct stored_record {
    bytes key;
    std::optional<bytes> value;  // nullopt: tombstone
    friend bool operator==(const stored_record&, const stored_record&) = default;
};

struct offset_key {
    std::string group_id;
    topic_partition partition;
};

struct group_key {
    std::string group_id;
};

using record_key = std::variant<offset_key, group_key>;

// One member as the group metadata record keeps it: the metadata of the selected
// protocol only, which is all a restarted coordinator needs.
struct stored_member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string client_host;
    int32_t rebalance_timeout_ms = 0;
    int32_t session_timeout_ms = 0;
    bytes subscription;
    bytes assignment;
    friend bool operator==(const stored_member&, const stored_member&) = default;
};

struct stored_group {
    std::optional<std::string> protocol_type;
    int32_t generation_id = 0;
    std::optional<std::string> protocol_name;
    std::optional<std::string> leader_id;
    int64_t state_timestamp_ms = 0;
    std::vector<stored_member> members;
    friend bool operator==(const stored_group&, const stored_group&) = default;
};

stored_record offset_record(const std::string& group_id, const topic_partition& partition,
                            const committed_offset& value);
stored_record offset_tombstone(const std::string& group_id, const topic_partition& partition);
stored_record group_record(const std::string& group_id, const stored_group& value);
stored_record group_tombstone(const std::string& group_id);

// INVALID_RECORD for bytes that are not a record of a known version.
sb::result<record_key> decode_key(const bytes& key);
sb::result<committed_offset> decode_offset_value(const bytes& value);
sb::result<stored_group> decode_group_value(const bytes& value);

}  // namespace sb::kafka::groups

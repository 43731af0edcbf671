#include "kafka/groups/group_records.h"

#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::groups {
namespace {

// Classic (non-compact) Kafka encoding throughout: the format does not change with the
// wire version the clients speak.
constexpr bool k_classic = false;

constexpr int16_t k_offset_key_type = 0;
constexpr int16_t k_group_key_type = 1;
constexpr int16_t k_offset_value_version = 0;
constexpr int16_t k_group_value_version = 0;

bytes take_bytes(protocol::writer& w) { return w.take().linearize(); }

bytes encode_offset_key(const std::string& group_id, const topic_partition& partition) {
    protocol::writer w;
    w.write_int16(k_offset_key_type);
    w.write_string(group_id, k_classic);
    w.write_string(partition.topic, k_classic);
    w.write_int32(partition.partition);
    return take_bytes(w);
}

bytes encode_group_key(const std::string& group_id) {
    protocol::writer w;
    w.write_int16(k_group_key_type);
    w.write_string(group_id, k_classic);
    return take_bytes(w);
}

void encode_member(protocol::writer& w, const stored_member& member) {
    w.write_string(member.member_id, k_classic);
    w.write_nullable_string(member.group_instance_id, k_classic);
    w.write_string(member.client_id, k_classic);
    w.write_string(member.client_host, k_classic);
    w.write_int32(member.rebalance_timeout_ms);
    w.write_int32(member.session_timeout_ms);
    w.write_bytes(member.subscription, k_classic);
    w.write_bytes(member.assignment, k_classic);
}

stored_member decode_member(protocol::reader& r) {
    stored_member member;
    member.member_id = r.read_string(k_classic);
    member.group_instance_id = r.read_nullable_string(k_classic);
    member.client_id = r.read_string(k_classic);
    member.client_host = r.read_string(k_classic);
    member.rebalance_timeout_ms = r.read_int32();
    member.session_timeout_ms = r.read_int32();
    member.subscription = r.read_bytes(k_classic);
    member.assignment = r.read_bytes(k_classic);
    return member;
}

// The smallest a member can be on the wire: four empty strings, a null, two int32 and two
// empty byte arrays. Bounds the member count before anything is allocated.
constexpr std::size_t k_min_member_bytes = 4 * 2 + 2 + 2 * 4 + 2 * 4;

// A decode succeeded only if nothing failed and every byte was used.
template <class T>
sb::result<T> finished(const protocol::reader& r, T value) {
    if (!r.ok() || r.remaining_bytes() != 0) return sb::unexpected(error_code::invalid_record);
    return value;
}

}  // namespace

stored_record offset_record(const std::string& group_id, const topic_partition& partition,
                            const committed_offset& value) {
    protocol::writer w;
    w.write_int16(k_offset_value_version);
    w.write_int64(value.offset);
    w.write_int32(value.leader_epoch);
    w.write_string(value.metadata, k_classic);
    w.write_int64(value.commit_timestamp_ms);
    w.write_int64(value.expire_timestamp_ms.value_or(-1));
    return {encode_offset_key(group_id, partition), take_bytes(w)};
}

stored_record offset_tombstone(const std::string& group_id, const topic_partition& partition) {
    return {encode_offset_key(group_id, partition), std::nullopt};
}

stored_record group_record(const std::string& group_id, const stored_group& value) {
    protocol::writer w;
    w.write_int16(k_group_value_version);
    w.write_nullable_string(value.protocol_type, k_classic);
    w.write_int32(value.generation_id);
    w.write_nullable_string(value.protocol_name, k_classic);
    w.write_nullable_string(value.leader_id, k_classic);
    w.write_int64(value.state_timestamp_ms);
    w.write_array_length(value.members.size(), k_classic);
    for (const stored_member& member : value.members) encode_member(w, member);
    return {encode_group_key(group_id), take_bytes(w)};
}

stored_record group_tombstone(const std::string& group_id) { return {encode_group_key(group_id), std::nullopt}; }

sb::result<record_key> decode_key(const bytes& key) {
    protocol::reader r{std::span<const uint8_t>(key)};
    const int16_t type = r.read_int16();
    if (type == k_offset_key_type) {
        offset_key out;
        out.group_id = r.read_string(k_classic);
        out.partition.topic = r.read_string(k_classic);
        out.partition.partition = r.read_int32();
        return finished<record_key>(r, std::move(out));
    }
    if (type == k_group_key_type) {
        group_key out;
        out.group_id = r.read_string(k_classic);
        return finished<record_key>(r, std::move(out));
    }
    return sb::unexpected(error_code::invalid_record);
}

sb::result<committed_offset> decode_offset_value(const bytes& value) {
    protocol::reader r{std::span<const uint8_t>(value)};
    if (r.read_int16() != k_offset_value_version) return sb::unexpected(error_code::invalid_record);
    committed_offset out;
    out.offset = r.read_int64();
    out.leader_epoch = r.read_int32();
    out.metadata = r.read_string(k_classic);
    out.commit_timestamp_ms = r.read_int64();
    const int64_t expire_timestamp_ms = r.read_int64();
    if (expire_timestamp_ms >= 0) out.expire_timestamp_ms = expire_timestamp_ms;
    return finished(r, std::move(out));
}

sb::result<stored_group> decode_group_value(const bytes& value) {
    protocol::reader r{std::span<const uint8_t>(value)};
    if (r.read_int16() != k_group_value_version) return sb::unexpected(error_code::invalid_record);
    stored_group out;
    out.protocol_type = r.read_nullable_string(k_classic);
    out.generation_id = r.read_int32();
    out.protocol_name = r.read_nullable_string(k_classic);
    out.leader_id = r.read_nullable_string(k_classic);
    out.state_timestamp_ms = r.read_int64();
    const int32_t member_count = r.read_array_length(k_classic, false, k_min_member_bytes);
    for (int32_t i = 0; i < member_count && r.ok(); ++i) out.members.push_back(decode_member(r));
    return finished(r, std::move(out));
}

}  // namespace sb::kafka::groups

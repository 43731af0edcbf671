#include "protocol/record_batch_builder.h"

#include <algorithm>
#include <cassert>

#include "base/varint.h"

namespace sb::protocol {

namespace {

void put_varint(std::vector<uint8_t>& out, int64_t v) {
    uint8_t tmp[varint::k_max_bytes64];
    std::size_t n = varint::write_unsigned(varint::zigzag64(v), tmp);
    out.insert(out.end(), tmp, tmp + n);
}

void put_nullable(std::vector<uint8_t>& out, const std::optional<std::string>& s) {
    if (!s) {
        put_varint(out, -1);
        return;
    }
    put_varint(out, static_cast<int64_t>(s->size()));
    out.insert(out.end(), s->begin(), s->end());
}

}  // namespace

record_batch_builder& record_batch_builder::set_producer(int64_t producer_id, int16_t producer_epoch,
                                                         int32_t base_sequence) {
    producer_id_ = producer_id;
    producer_epoch_ = producer_epoch;
    base_sequence_ = base_sequence;
    return *this;
}

record_batch_builder& record_batch_builder::set_partition_leader_epoch(int32_t epoch) {
    partition_leader_epoch_ = epoch;
    return *this;
}

record_batch_builder& record_batch_builder::set_transactional(bool on) {
    flags_ = on ? (flags_ | batch_attributes::transactional) : (flags_ & ~batch_attributes::transactional);
    return *this;
}

record_batch_builder& record_batch_builder::set_control(bool on) {
    flags_ = on ? (flags_ | batch_attributes::control) : (flags_ & ~batch_attributes::control);
    return *this;
}

record_batch_builder& record_batch_builder::set_last_offset_delta(int32_t delta) {
    assert(delta >= 0);
    last_offset_delta_ = delta;
    return *this;
}

record_batch_builder& record_batch_builder::add(int64_t timestamp_ms, std::optional<std::string_view> key,
                                                std::optional<std::string_view> value,
                                                const std::vector<record_header_data>& headers,
                                                std::optional<int32_t> offset_delta) {
    int32_t next = records_.empty() ? 0 : records_.back().offset_delta + 1;
    int32_t delta = offset_delta.value_or(next);
    assert(delta >= next);  // deltas strictly increase
    pending_record r{timestamp_ms, delta, std::nullopt, std::nullopt, headers};
    if (key) r.key = std::string(*key);
    if (value) r.value = std::string(*value);
    records_.push_back(std::move(r));
    return *this;
}

result<std::vector<uint8_t>> record_batch_builder::build() const {
    int64_t base_ts = records_.empty() ? -1 : records_.front().timestamp_ms;
    int64_t max_ts = -1;
    for (const auto& r : records_) max_ts = std::max(max_ts, r.timestamp_ms);

    std::vector<uint8_t> plain;
    std::vector<uint8_t> body;
    for (const auto& r : records_) {
        body.clear();
        body.push_back(0);  // record attributes
        put_varint(body, r.timestamp_ms - base_ts);
        put_varint(body, r.offset_delta);
        put_nullable(body, r.key);
        put_nullable(body, r.value);
        put_varint(body, static_cast<int64_t>(r.headers.size()));
        for (const auto& h : r.headers) {
            put_nullable(body, h.key);
            put_nullable(body, h.value);
        }
        put_varint(plain, static_cast<int64_t>(body.size()));
        plain.insert(plain.end(), body.begin(), body.end());
    }

    std::vector<uint8_t> out(batch_layout::header_size_bytes);
    auto st = compress(codec_, plain, out);
    if (!st) return unexpected(st.error());

    int32_t last_delta = last_offset_delta_.value_or(records_.empty() ? 0 : records_.back().offset_delta);
    uint8_t* h = out.data();
    store_be64(h + batch_layout::base_offset, static_cast<uint64_t>(base_offset_));
    store_be32(h + batch_layout::batch_length, static_cast<uint32_t>(out.size() - batch_layout::log_overhead));
    store_be32(h + batch_layout::partition_leader_epoch, static_cast<uint32_t>(partition_leader_epoch_));
    h[batch_layout::magic] = static_cast<uint8_t>(batch_layout::current_magic);
    store_be16(h + batch_layout::attributes, static_cast<uint16_t>(flags_ | static_cast<uint16_t>(codec_)));
    store_be32(h + batch_layout::last_offset_delta, static_cast<uint32_t>(last_delta));
    store_be64(h + batch_layout::base_timestamp, static_cast<uint64_t>(base_ts));
    store_be64(h + batch_layout::max_timestamp, static_cast<uint64_t>(max_ts));
    store_be64(h + batch_layout::producer_id, static_cast<uint64_t>(producer_id_));
    store_be16(h + batch_layout::producer_epoch, static_cast<uint16_t>(producer_epoch_));
    store_be32(h + batch_layout::base_sequence, static_cast<uint32_t>(base_sequence_));
    store_be32(h + batch_layout::records_count, static_cast<uint32_t>(records_.size()));
    store_crc(out);
    return out;
}

}  // namespace sb::protocol

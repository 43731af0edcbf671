#include "protocol/record_batch.h"

#include <cassert>

#include "base/crc32c.h"

namespace sb::protocol {

uint16_t load_be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t load_be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
uint64_t load_be64(const uint8_t* p) { return (uint64_t{load_be32(p)} << 32) | load_be32(p + 4); }
void store_be16(uint8_t* p, uint16_t v) {
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}
void store_be32(uint8_t* p, uint32_t v) {
    for (int i = 3; i >= 0; --i) {
        p[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}
void store_be64(uint8_t* p, uint64_t v) {
    store_be32(p, static_cast<uint32_t>(v >> 32));
    store_be32(p + 4, static_cast<uint32_t>(v));
}

record_batch_view::record_batch_view(std::span<const uint8_t> bytes) : bytes_(bytes) {
    assert(bytes_.size() >= batch_layout::header_size_bytes);
}

result<record_batch_view> record_batch_view::parse(std::span<const uint8_t> bytes) {
    if (bytes.size() < batch_layout::header_size_bytes) return unexpected(error_code::corrupt_message);
    if (static_cast<int8_t>(bytes[batch_layout::magic]) != batch_layout::current_magic) {
        return unexpected(error_code::corrupt_message);
    }
    int32_t length = static_cast<int32_t>(load_be32(bytes.data() + batch_layout::batch_length));
    // batchLength counts everything after itself; the header part alone is 49 bytes.
    constexpr int32_t min_length = batch_layout::header_size_bytes - batch_layout::log_overhead;
    if (length < min_length) return unexpected(error_code::corrupt_message);
    std::size_t total = batch_layout::log_overhead + static_cast<std::size_t>(length);
    if (total > bytes.size()) return unexpected(error_code::corrupt_message);
    return record_batch_view(bytes.first(total));
}

int64_t record_batch_view::base_offset() const {
    return static_cast<int64_t>(load_be64(bytes_.data() + batch_layout::base_offset));
}
int32_t record_batch_view::batch_length() const {
    return static_cast<int32_t>(load_be32(bytes_.data() + batch_layout::batch_length));
}
int32_t record_batch_view::partition_leader_epoch() const {
    return static_cast<int32_t>(load_be32(bytes_.data() + batch_layout::partition_leader_epoch));
}
int8_t record_batch_view::magic() const { return static_cast<int8_t>(bytes_[batch_layout::magic]); }
uint32_t record_batch_view::crc() const { return load_be32(bytes_.data() + batch_layout::crc); }
uint16_t record_batch_view::attributes() const { return load_be16(bytes_.data() + batch_layout::attributes); }
int32_t record_batch_view::last_offset_delta() const {
    return static_cast<int32_t>(load_be32(bytes_.data() + batch_layout::last_offset_delta));
}
int64_t record_batch_view::base_timestamp() const {
    return static_cast<int64_t>(load_be64(bytes_.data() + batch_layout::base_timestamp));
}
int64_t record_batch_view::max_timestamp() const {
    return static_cast<int64_t>(load_be64(bytes_.data() + batch_layout::max_timestamp));
}
int64_t record_batch_view::producer_id() const {
    return static_cast<int64_t>(load_be64(bytes_.data() + batch_layout::producer_id));
}
int16_t record_batch_view::producer_epoch() const {
    return static_cast<int16_t>(load_be16(bytes_.data() + batch_layout::producer_epoch));
}
int32_t record_batch_view::base_sequence() const {
    return static_cast<int32_t>(load_be32(bytes_.data() + batch_layout::base_sequence));
}
int32_t record_batch_view::records_count() const {
    return static_cast<int32_t>(load_be32(bytes_.data() + batch_layout::records_count));
}

compression_codec record_batch_view::codec() const {
    assert(codec_bits() <= static_cast<uint8_t>(compression_codec::zstd));
    return static_cast<compression_codec>(codec_bits());
}

uint32_t record_batch_view::compute_crc() const {
    return crc32c::value(bytes_.data() + batch_layout::attributes, bytes_.size() - batch_layout::attributes);
}

status validate_stored_batch(std::span<const uint8_t> bytes) {
    auto view = record_batch_view::parse(bytes);
    if (!view) return unexpected(view.error());
    if (!view->crc_matches()) return unexpected(error_code::corrupt_message);
    if (view->codec_bits() > static_cast<uint8_t>(compression_codec::zstd)) {
        return unexpected(error_code::corrupt_message);
    }
    if (view->last_offset_delta() < 0) return unexpected(error_code::corrupt_message);
    return {};
}

status validate_produced_batch(std::span<const uint8_t> bytes) {
    auto parsed = record_batch_view::parse(bytes);
    if (!parsed) return unexpected(parsed.error());
    const record_batch_view& view = *parsed;
    // Exactly one batch per partition: trailing bytes would be a second (or broken) batch.
    if (view.size_bytes() != bytes.size()) return unexpected(error_code::invalid_record);
    if (!view.crc_matches()) return unexpected(error_code::corrupt_message);
    if (view.codec_bits() > static_cast<uint8_t>(compression_codec::zstd)) {
        return unexpected(error_code::unsupported_compression_type);
    }
    if (view.records_count() <= 0) return unexpected(error_code::invalid_record);
    if (int64_t{view.last_offset_delta()} + 1 != view.records_count()) {
        return unexpected(error_code::invalid_record);
    }
    if (view.is_control()) return unexpected(error_code::invalid_record);
    if (view.has_log_append_time()) return unexpected(error_code::invalid_record);
    if (view.producer_id() >= 0 && view.base_sequence() < 0) return unexpected(error_code::invalid_record);
    return {};
}

void patch_base_offset(std::span<uint8_t> bytes, int64_t base_offset) {
    assert(bytes.size() >= batch_layout::header_size_bytes);
    assert(base_offset >= 0);
    store_be64(bytes.data() + batch_layout::base_offset, static_cast<uint64_t>(base_offset));
}

void patch_partition_leader_epoch(std::span<uint8_t> bytes, int32_t epoch) {
    assert(bytes.size() >= batch_layout::header_size_bytes);
    store_be32(bytes.data() + batch_layout::partition_leader_epoch, static_cast<uint32_t>(epoch));
}

void store_crc(std::span<uint8_t> bytes) {
    record_batch_view view(bytes);
    store_be32(bytes.data() + batch_layout::crc, view.compute_crc());
}

void patch_log_append_time(std::span<uint8_t> bytes, int64_t append_time_ms) {
    assert(bytes.size() >= batch_layout::header_size_bytes);
    uint16_t attrs = load_be16(bytes.data() + batch_layout::attributes);
    store_be16(bytes.data() + batch_layout::attributes, attrs | batch_attributes::log_append_time);
    store_be64(bytes.data() + batch_layout::max_timestamp, static_cast<uint64_t>(append_time_ms));
    store_crc(bytes);
}

}  // namespace sb::protocol

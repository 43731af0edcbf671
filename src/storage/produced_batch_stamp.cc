#include "storage/produced_batch_stamp.h"

#include <span>

#include "base/crc32c.h"
#include "protocol/record_batch.h"

namespace sb::storage {

namespace layout = protocol::batch_layout;

namespace {

// CRC-32C of `b` from `pos` to its end, continuing `crc`.
uint32_t extend_crc(uint32_t crc, const iobuf& b, std::size_t pos) {
    for (const auto& f : b.fragments()) {
        if (pos >= f.size) {
            pos -= f.size;
            continue;
        }
        crc = crc32c::extend(crc, f.data() + pos, f.size - pos);
        pos = 0;
    }
    return crc;
}

}  // namespace

result<iobuf> stamp_produced_batch(const iobuf& batch, const batch_stamp& stamp) {
    if (batch.size_bytes() < layout::header_size_bytes) return unexpected(error_code::corrupt_message);
    iobuf out = iobuf::allocate(layout::header_size_bytes);
    std::span<uint8_t> header(out.writable_data(), layout::header_size_bytes);
    batch.copy_to(0, header);
    // record_batch_view::parse wants the whole batch in one span; these are its checks.
    if (static_cast<int8_t>(header[layout::magic]) != layout::current_magic) {
        return unexpected(error_code::corrupt_message);
    }
    const int64_t length = static_cast<int32_t>(protocol::load_be32(header.data() + layout::batch_length));
    if (length < static_cast<int64_t>(layout::header_size_bytes - layout::log_overhead) ||
        static_cast<uint64_t>(length) + layout::log_overhead != batch.size_bytes()) {
        return unexpected(error_code::corrupt_message);
    }
    protocol::patch_base_offset(header, stamp.base_offset);
    protocol::patch_partition_leader_epoch(header, stamp.leader_epoch);
    if (stamp.log_append_time_ms >= 0) {
        const uint16_t attrs = protocol::load_be16(header.data() + layout::attributes);
        protocol::store_be16(header.data() + layout::attributes, attrs | protocol::batch_attributes::log_append_time);
        protocol::store_be64(header.data() + layout::max_timestamp, static_cast<uint64_t>(stamp.log_append_time_ms));
        uint32_t crc = crc32c::extend(0, header.data() + layout::attributes, layout::header_size_bytes - layout::attributes);
        crc = extend_crc(crc, batch, layout::header_size_bytes);
        protocol::store_be32(header.data() + layout::crc, crc);
    }
    out.append(batch.share(layout::header_size_bytes, batch.size_bytes() - layout::header_size_bytes));
    return out;
}

}  // namespace sb::storage

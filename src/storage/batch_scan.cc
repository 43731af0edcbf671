#include "storage/batch_scan.h"

#include <algorithm>
#include <cassert>
#include <vector>

#include "protocol/record_batch.h"

namespace sb::storage {

namespace {
namespace layout = protocol::batch_layout;
// Recovery reads the log in chunks of this size.
constexpr std::size_t k_scan_chunk_bytes = 1024 * 1024;

// Interprets a 61-byte header at `position`; nullopt when it is not a plausible batch.
std::optional<batch_info> parse_header(const uint8_t* h, uint64_t position, uint64_t end, uint32_t max_batch_bytes) {
    protocol::record_batch_view view(std::span<const uint8_t>(h, layout::header_size_bytes));
    if (view.magic() != layout::current_magic) return std::nullopt;
    int32_t length = view.batch_length();
    constexpr int32_t min_length = layout::header_size_bytes - layout::log_overhead;
    if (length < min_length || static_cast<uint64_t>(length) + layout::log_overhead > max_batch_bytes) {
        return std::nullopt;
    }
    if (view.last_offset_delta() < 0 || view.base_offset() < 0) return std::nullopt;
    batch_info b = batch_info_of(std::span<const uint8_t>(h, layout::header_size_bytes), position);
    if (b.end_position() > end) return std::nullopt;
    return b;
}
}  // namespace

batch_info batch_info_of(std::span<const uint8_t> header, uint64_t position) {
    protocol::record_batch_view view(header);
    batch_info b;
    b.position = position;
    b.size_bytes = static_cast<uint32_t>(view.batch_length()) + layout::log_overhead;
    b.base_offset = view.base_offset();
    b.last_offset = view.last_offset();
    b.max_timestamp = view.max_timestamp();
    b.leader_epoch = view.partition_leader_epoch();
    b.records_count = view.records_count();
    return b;
}

result<std::optional<batch_info>> read_batch_header(const file& f, uint64_t position, uint64_t end,
                                                    uint32_t max_batch_bytes) {
    if (position + layout::header_size_bytes > end) return std::optional<batch_info>();
    uint8_t header[layout::header_size_bytes];
    auto n = f.pread(header, position);
    if (!n) return unexpected(n.error());
    if (*n < layout::header_size_bytes) return std::optional<batch_info>();
    return parse_header(header, position, end, max_batch_bytes);
}

result<uint64_t> scan_valid_batches(const file& f, uint64_t from, uint64_t end, uint32_t max_batch_bytes,
                                    const std::function<void(const batch_info&)>& on_batch,
                                    int64_t min_base_offset) {
    std::vector<uint8_t> chunk;
    uint64_t chunk_start = from;  // file position of chunk[0]
    uint64_t pos = from;
    int64_t prev_next_offset = min_base_offset;
    while (pos < end) {
        // Make sure the header, then the whole batch, is inside the chunk.
        auto ensure = [&](uint64_t need_end) -> status {
            if (need_end <= chunk_start + chunk.size()) return {};
            chunk_start = pos;
            std::size_t want = static_cast<std::size_t>(std::max<uint64_t>(need_end - pos, k_scan_chunk_bytes));
            want = static_cast<std::size_t>(std::min<uint64_t>(want, end - pos));
            chunk.resize(want);
            auto n = f.pread(chunk, pos);
            if (!n) return unexpected(n.error());
            chunk.resize(*n);
            return {};
        };
        if (pos + layout::header_size_bytes > end) break;
        if (auto st = ensure(pos + layout::header_size_bytes); !st) return unexpected(st.error());
        if (pos + layout::header_size_bytes > chunk_start + chunk.size()) break;
        auto info = parse_header(chunk.data() + (pos - chunk_start), pos, end, max_batch_bytes);
        if (!info) break;
        if (auto st = ensure(info->end_position()); !st) return unexpected(st.error());
        if (info->end_position() > chunk_start + chunk.size()) break;
        protocol::record_batch_view view(std::span<const uint8_t>(chunk.data() + (pos - chunk_start), info->size_bytes));
        if (!view.crc_matches()) break;
        if (view.codec_bits() > static_cast<uint8_t>(protocol::compression_codec::zstd)) break;
        if (info->base_offset < prev_next_offset) break;  // offsets must increase
        on_batch(*info);
        prev_next_offset = info->next_offset();
        pos = info->end_position();
    }
    assert(pos <= end);
    return pos;
}

status read_batch_bytes(const file& f, const batch_info& batch, std::vector<uint8_t>& out) {
    out.resize(batch.size_bytes);
    auto n = f.pread(out, batch.position);
    if (!n) return unexpected(n.error());
    if (*n != batch.size_bytes) return unexpected(error_code::corrupt_message);
    return {};
}

}  // namespace sb::storage

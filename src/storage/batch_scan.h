#pragma once
// Walking the record batches of a segment's .log file by their headers.
// Used by reads (find the batch that holds an offset), by index rebuilding and by
// recovery, which also checks every batch's CRC and stops at the first invalid byte.
// Blocking reads of the file: recovery runs on a blocking thread; reads scan at most
// index.interval.bytes of headers from the page cache.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "base/result.h"
#include "storage/file_system.h"

namespace sb::storage {

// What storage needs to know about a batch without reading its records.
struct batch_info {
    uint64_t position = 0;    // byte position in the .log file
    uint32_t size_bytes = 0;  // 12 + batchLength
    int64_t base_offset = 0;
    int64_t last_offset = 0;
    int64_t max_timestamp = -1;
    int32_t leader_epoch = -1;
    int32_t records_count = 0;

    int64_t next_offset() const { return last_offset + 1; }
    uint64_t end_position() const { return position + size_bytes; }
};

// The header fields of `header` (a batch header, possibly of a batch not yet in any file),
// as if the batch were at `position`; size_bytes is 12 + batchLength.
batch_info batch_info_of(std::span<const uint8_t> header, uint64_t position);

// The header of the batch at `position` if a plausible one (magic 2, batchLength within
// [49, max_batch_bytes], lastOffsetDelta >= 0) ends at or before `end`; nullopt otherwise.
result<std::optional<batch_info>> read_batch_header(const file& f, uint64_t position, uint64_t end,
                                                    uint32_t max_batch_bytes);

// Reads batches from `from` up to `end`, checking each fully (header and CRC-32C, offsets
// increasing and starting at or after min_base_offset), and calls on_batch for each valid
// one. Returns the position of the first byte that is not part of a valid batch (== end
// when all is valid).
result<uint64_t> scan_valid_batches(const file& f, uint64_t from, uint64_t end, uint32_t max_batch_bytes,
                                    const std::function<void(const batch_info&)>& on_batch,
                                    int64_t min_base_offset = 0);

// Reads whole batch bytes [position, position + size) into `out`.
status read_batch_bytes(const file& f, const batch_info& batch, std::vector<uint8_t>& out);

}  // namespace sb::storage

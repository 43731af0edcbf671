#pragma once
// Records inside a RecordBatch v2, and a reader that walks them.
//
//   length          varint   bytes of the fields below
//   attributes      int8     unused, 0
//   timestampDelta  varlong  timestamp - batch baseTimestamp
//   offsetDelta     varint   offset - batch baseOffset
//   keyLength       varint   -1 = null key
//   key             bytes
//   valueLength     varint   -1 = null value (a tombstone on compacted topics)
//   value           bytes
//   headersCount    varint   >= 0
//   headers         [keyLength varint (>= 0), key, valueLength varint (-1 = null), value]
//
// The reader bounds-checks every varint and length against the bytes it has, and checks
// that each record's length equals the bytes its fields used, that exactly recordsCount
// records are present and that nothing follows the last one.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/compression.h"
#include "protocol/record_batch.h"

namespace sb::protocol {

using bytes_view = std::span<const uint8_t>;

struct record_header {
    bytes_view key;
    std::optional<bytes_view> value;
};

// Spans point into the reader's buffer: valid while the reader lives.
struct record {
    int8_t attributes = 0;
    int64_t timestamp_delta = 0;
    int32_t offset_delta = 0;
    std::optional<bytes_view> key;
    std::optional<bytes_view> value;
    std::vector<record_header> headers;
};

class record_reader {
public:
    // Prepares to read `batch`'s records, decompressing them first when the batch is
    // compressed (bounded by limits.max_decompressed_bytes). The batch bytes must outlive
    // the reader when the batch is not compressed.
    static result<record_reader> open(record_batch_view batch, const compression_limits& limits = {});

    // Reads the next record into `out`. true: a record was read; false: all recordsCount
    // records were read and no bytes are left. Errors: corrupt_message (truncated or
    // malformed varint), invalid_record (length mismatch, bad counts, trailing bytes).
    result<bool> next(record& out);

    int32_t records_count() const { return records_count_; }

    // Copying would leave the copy's spans pointing into the original's buffer.
    record_reader(const record_reader&) = delete;
    record_reader& operator=(const record_reader&) = delete;
    record_reader(record_reader&&) noexcept = default;
    record_reader& operator=(record_reader&&) noexcept = default;

private:
    record_reader(std::vector<uint8_t> owned, bytes_view bytes, int32_t count)
        : owned_(std::move(owned)), bytes_(bytes), records_count_(count) {}

    std::vector<uint8_t> owned_;  // decompressed records; empty when reading in place
    bytes_view bytes_;
    std::size_t pos_ = 0;
    int32_t records_count_ = 0;
    int32_t records_read_ = 0;
};

}  // namespace sb::protocol

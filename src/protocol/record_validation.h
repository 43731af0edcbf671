#pragma once
// The record-level checks a broker makes on a produced batch (Kafka's LogValidator for
// magic 2), after validate_produced_batch() accepted the header. This is the one walk
// over a produced batch's records: it decompresses them (bounded by the limits) and
// finds every bad record, one problem per record, in batch order, as Kafka lists them
// in a Produce response's record_errors:
//
//   malformed        unreadable (truncated, bad varint or length, fewer or more records
//                    than recordsCount); the walk stops there
//   offset_delta     the record's offset delta is not its index
//   missing_key      no key on a compacted topic
//   timestamp        CreateTime outside [now - before.max.ms, now + after.max.ms]; -1
//                    ("no timestamp") is never out of range
//
// Key before timestamp, as Kafka's LogValidator checks them. Pure; any thread.

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/compression.h"
#include "protocol/record_batch.h"

namespace sb::protocol {

struct produce_validation_options {
    // cleanup.policy includes compact: every record needs a key.
    bool compacted = false;
    // The broker's clock, for the timestamp window (CreateTime topics only).
    int64_t now_ms = 0;
    bool log_append_time = false;  // message.timestamp.type=LogAppendTime: timestamps not checked
    int64_t timestamp_before_max_ms = std::numeric_limits<int64_t>::max();  // message.timestamp.before.max.ms
    int64_t timestamp_after_max_ms = std::numeric_limits<int64_t>::max();   // message.timestamp.after.max.ms
    compression_limits limits;
};

// The timestamps a CreateTime record may carry, inclusive, saturated at the int64 range.
struct timestamp_window {
    int64_t earliest_ms = std::numeric_limits<int64_t>::min();
    int64_t latest_ms = std::numeric_limits<int64_t>::max();
};
timestamp_window timestamp_window_of(const produce_validation_options& options);

enum class record_problem : uint8_t { malformed, offset_delta, missing_key, timestamp };

struct invalid_record {
    int32_t batch_index = 0;  // the record's position in the batch
    record_problem problem = record_problem::malformed;
    int32_t offset_delta = 0;                       // offset_delta: the delta the record carries
    int64_t timestamp_ms = 0;                       // timestamp: the record's timestamp
    error_code reader_error = error_code::none;     // malformed: what the record reader found
};

// Every bad record of `batch`; empty when all are good. Errors: the records cannot be
// opened - message_too_large (decompressed size over the limit), corrupt_message (the
// compressed stream does not decode), unsupported_compression_type.
result<std::vector<invalid_record>> find_invalid_records(record_batch_view batch,
                                                         const produce_validation_options& options);

// Kafka's error for a batch with these bad records: invalid_timestamp when any timestamp
// is out of range, else invalid_record; none when the list is empty.
error_code batch_error_of(std::span<const invalid_record> records);

// find_invalid_records() summed up: the open error, or batch_error_of() the bad records.
status validate_produced_records(record_batch_view batch, const produce_validation_options& options);

}  // namespace sb::protocol

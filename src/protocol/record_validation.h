#pragma once
// The record-level checks a broker makes on a produced batch (Kafka's LogValidator for
// magic 2), after validate_produced_batch() accepted the header: every record readable
// (decompressed within the limit), offset deltas 0, 1, 2, ... in order, CreateTime
// timestamps within the topic's window, and keys present on compacted topics.

#include <cstdint>
#include <limits>

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

// Errors: corrupt_message / invalid_record (unreadable records, wrong offset deltas,
// missing key on a compacted topic), invalid_timestamp, message_too_large (decompressed
// size over the limit), unsupported_compression_type.
status validate_produced_records(record_batch_view batch, const produce_validation_options& options);

}  // namespace sb::protocol

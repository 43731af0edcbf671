#pragma once
// The checks Kafka applies to a batch a client produces, in Kafka's order (KafkaApis'
// request checks, then UnifiedLog's, then LogValidator's), with its error codes:
//
//   a batch length below 14 (Kafka's smallest record), or
//   a magic other than 0, 1, 2, at the start of the records
//   or of what follows the first batch                      CORRUPT_MESSAGE
//   no whole batch, not magic 2                             INVALID_RECORD
//   a batch length below a batch header                     CORRUPT_MESSAGE
//   zstd in a Produce request older than v7                 UNSUPPORTED_COMPRESSION_TYPE
//   a whole second batch after the first                    INVALID_RECORD
//   (fewer bytes after the batch than a whole batch are dropped, as Kafka's log trims them)
//   an internal topic (__consumer_offsets, ...)             INVALID_TOPIC_EXCEPTION
//   baseOffset != 0                                         INVALID_RECORD
//   larger than the topic's max.message.bytes               MESSAGE_TOO_LARGE
//   larger than the topic's segment.bytes                   RECORD_LIST_TOO_LARGE
//   CRC-32C mismatch                                        CORRUPT_MESSAGE
//   codec 5-7                                               UNSUPPORTED_COMPRESSION_TYPE
//   recordsCount, lastOffsetDelta, control or LogAppendTime
//   bit, producer id without a sequence                     INVALID_RECORD
//   transactional batch (transactions are not served yet)   INVALID_TXN_STATE
//   records that cannot be decompressed                     CORRUPT_MESSAGE, or
//                                                           INVALID_RECORD over 64 MiB
//   per record (protocol::find_invalid_records; with record_errors, each record's index):
//     malformed record, offset delta out of order, fewer or
//     more records than recordsCount, null key on a
//     compacted topic                                       INVALID_RECORD
//     timestamp outside message.timestamp.before/after.max.ms INVALID_TIMESTAMP
//
// Every batch's records are read, compressed ones decompressed, as Kafka's LogValidator
// does: only that catches a recordsCount that does not match the records inside. The
// batch is stored as received.
//
// Pure; any thread.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/error_code.h"
#include "base/result.h"
#include "cluster/partition.h"
#include "cluster/partition_config.h"

namespace sb::kafka {

struct record_error {
    int32_t batch_index = 0;  // the record's position in the batch
    std::string message;
};

struct batch_rejection {
    error_code code = error_code::none;
    std::string message;
    std::vector<record_error> record_errors;
};

// `records` is the partition's records field (non-null); `partition_name` is
// "<topic>-<partition>" for messages; `now_ms` is the broker's wall clock;
// `internal_topic`: the topic is one of Kafka's internal topics, which only the broker
// writes. The summary's size_bytes is the batch's: what follows it is not appended.
sb::result<cluster::produced_batch, batch_rejection> validate_produced_records(
    std::span<const uint8_t> records, const cluster::partition_config& config, int16_t produce_version,
    int64_t now_ms, const std::string& partition_name, bool internal_topic);

}  // namespace sb::kafka

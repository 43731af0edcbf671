#pragma once
// Builds RecordBatch v2 bytes: for tests, for control batches (transaction markers) and
// for the log cleaner, which rewrites batches keeping the surviving records' offsets.
// baseTimestamp is the first record's timestamp and maxTimestamp the largest; a batch
// without records has both at -1, as Kafka writes them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/compression.h"
#include "protocol/record.h"

namespace sb::protocol {

struct record_header_data {
    std::string key;
    std::optional<std::string> value;
};

class record_batch_builder {
public:
    explicit record_batch_builder(compression_codec codec = compression_codec::none, int64_t base_offset = 0)
        : codec_(codec), base_offset_(base_offset) {}

    record_batch_builder& set_producer(int64_t producer_id, int16_t producer_epoch, int32_t base_sequence);
    record_batch_builder& set_partition_leader_epoch(int32_t epoch);
    record_batch_builder& set_transactional(bool on);
    record_batch_builder& set_control(bool on);
    // Overrides lastOffsetDelta (default: the last record's offset delta). The cleaner keeps
    // the original value when it drops the last records of a batch.
    record_batch_builder& set_last_offset_delta(int32_t delta);

    // Adds a record at offset base_offset + offset_delta. Offset deltas must increase;
    // without one the record gets the next delta (0, 1, 2, ...).
    record_batch_builder& add(int64_t timestamp_ms, std::optional<std::string_view> key,
                              std::optional<std::string_view> value,
                              const std::vector<record_header_data>& headers = {},
                              std::optional<int32_t> offset_delta = std::nullopt);

    std::size_t records_count() const { return records_.size(); }

    // The batch bytes with a correct CRC. Errors only from the compressor.
    result<std::vector<uint8_t>> build() const;

private:
    struct pending_record {
        int64_t timestamp_ms;
        int32_t offset_delta;
        std::optional<std::string> key;
        std::optional<std::string> value;
        std::vector<record_header_data> headers;
    };

    compression_codec codec_;
    int64_t base_offset_;
    int64_t producer_id_ = -1;
    int16_t producer_epoch_ = -1;
    int32_t base_sequence_ = -1;
    int32_t partition_leader_epoch_ = -1;
    uint16_t flags_ = 0;  // transactional / control attribute bits
    std::optional<int32_t> last_offset_delta_;
    std::vector<pending_record> records_;
};

}  // namespace sb::protocol

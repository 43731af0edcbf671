#include "kafka/produce_validation.h"

#include <fmt/format.h>

#include "protocol/compression.h"
#include "protocol/record.h"
#include "protocol/record_batch.h"

namespace sb::kafka {
namespace {

constexpr int16_t k_first_produce_version_with_zstd = 7;
// Kafka lists at most this many record errors in the partition's error message.
constexpr std::size_t k_record_errors_in_message = 3;

sb::unexpected<batch_rejection> reject(error_code code, std::string message) {
    return sb::unexpected(batch_rejection{code, std::move(message), {}});
}

bool needs_record_walk(const protocol::record_batch_view& batch, const cluster::partition_config& config) {
    if (!batch.is_compressed()) return true;
    const bool bounded_timestamps = config.log.message_timestamp_type == storage::timestamp_type::create_time &&
                                    (config.timestamp_before_max_ms != INT64_MAX ||
                                     config.timestamp_after_max_ms != INT64_MAX);
    return config.compacted() || bounded_timestamps;
}

// Walks the records, collecting one error per bad record as Kafka's LogValidator does.
sb::result<void, batch_rejection> validate_each_record(const protocol::record_batch_view& batch,
                                                        const cluster::partition_config& config, int64_t now_ms,
                                                        const std::string& partition_name) {
    auto reader = protocol::record_reader::open(batch);
    if (!reader) {
        return reject(reader.error() == error_code::message_too_large ? error_code::invalid_record : reader.error(),
                      fmt::format("Record batch of {} cannot be read: {}", partition_name, error_message(reader.error())));
    }
    const bool check_timestamps = config.log.message_timestamp_type == storage::timestamp_type::create_time;
    // now - before and now + after, saturating instead of overflowing.
    const int64_t earliest_ms = config.timestamp_before_max_ms >= now_ms ? INT64_MIN : now_ms - config.timestamp_before_max_ms;
    const int64_t latest_ms = config.timestamp_after_max_ms > INT64_MAX - now_ms ? INT64_MAX : now_ms + config.timestamp_after_max_ms;
    std::vector<record_error> errors;
    bool timestamp_error = false;
    protocol::record r;
    for (int32_t index = 0;; ++index) {
        auto more = reader->next(r);
        if (!more) {
            errors.push_back({index, fmt::format("Record {} of the batch is malformed", index)});
            break;
        }
        if (!*more) break;
        if (r.offset_delta != index) {
            errors.push_back({index, fmt::format("Record {} has offset delta {} (expected {})", index, r.offset_delta, index)});
            continue;
        }
        const int64_t timestamp = batch.base_timestamp() + r.timestamp_delta;
        if (check_timestamps && timestamp != -1 && (timestamp < earliest_ms || timestamp > latest_ms)) {
            timestamp_error = true;
            errors.push_back({index, fmt::format("Timestamp {} of message with offset {} is out of range. The timestamp "
                                                 "should be within [{}, {}]",
                                                 timestamp, index, earliest_ms, latest_ms)});
            continue;
        }
        if (config.compacted() && !r.key) {
            errors.push_back({index, fmt::format("Compacted topic cannot accept message without key in topic partition {}.",
                                                 partition_name)});
        }
    }
    if (errors.empty()) return {};
    batch_rejection out;
    if (timestamp_error) {
        out.code = error_code::invalid_timestamp;
        out.message = "One or more records have been rejected due to invalid timestamp";
    } else {
        out.code = error_code::invalid_record;
        std::string shown;
        for (std::size_t i = 0; i < errors.size() && i < k_record_errors_in_message; ++i) {
            shown += fmt::format("{}RecordError(batchIndex={}, message='{}')", i == 0 ? "" : ", ", errors[i].batch_index,
                                 errors[i].message);
        }
        out.message = fmt::format("One or more records have been rejected due to {} record errors in total, and only "
                                  "showing the first three errors at most: [{}]",
                                  errors.size(), shown);
    }
    out.record_errors = std::move(errors);
    return sb::unexpected(std::move(out));
}

}  // namespace

sb::result<cluster::produced_batch, batch_rejection> validate_produced_records(
    std::span<const uint8_t> records, const cluster::partition_config& config, int16_t produce_version,
    int64_t now_ms, const std::string& partition_name) {
    namespace layout = protocol::batch_layout;
    // As Kafka's batch iterator: a batch that does not fit in the bytes is no batch at
    // all; one whose length cannot even hold a header is corrupt.
    const int64_t batch_length =
        records.size() >= layout::log_overhead ? int64_t{static_cast<int32_t>(protocol::load_be32(&records[layout::batch_length]))} : -1;
    if (batch_length >= 0 && batch_length < static_cast<int64_t>(layout::header_size_bytes - layout::log_overhead)) {
        return reject(error_code::corrupt_message, fmt::format("Record batch of {} is too short: {} bytes",
                                                               partition_name, batch_length));
    }
    if (batch_length < 0 || records.size() < layout::log_overhead + static_cast<uint64_t>(batch_length)) {
        return reject(error_code::invalid_record, fmt::format("Produce requests with version {} must have at least one "
                                                              "record batch per partition",
                                                              produce_version));
    }
    if (static_cast<int8_t>(records[layout::magic]) != layout::current_magic) {
        return reject(error_code::invalid_record,
                      fmt::format("Produce requests with version {} are only allowed to contain record batches with "
                                  "magic version 2",
                                  produce_version));
    }
    auto parsed = protocol::record_batch_view::parse(records);
    if (!parsed) return reject(error_code::corrupt_message, fmt::format("Record batch of {} is truncated", partition_name));
    const protocol::record_batch_view& batch = *parsed;
    if (batch.size_bytes() != records.size()) {
        return reject(error_code::invalid_record, fmt::format("Produce requests with version {} are only allowed to "
                                                              "contain exactly one record batch per partition",
                                                              produce_version));
    }
    if (batch.codec_bits() == static_cast<uint8_t>(protocol::compression_codec::zstd) &&
        produce_version < k_first_produce_version_with_zstd) {
        return reject(error_code::unsupported_compression_type,
                      "Produce requests with version below 7 cannot carry zstd-compressed records");
    }
    if (batch.base_offset() != 0) {
        return reject(error_code::invalid_record,
                      fmt::format("The baseOffset of the record batch in the append to {} should be 0, but it is {}",
                                  partition_name, batch.base_offset()));
    }
    if (batch.size_bytes() > config.log.max_message_bytes) {
        return reject(error_code::message_too_large,
                      fmt::format("The record batch size in the append to {} is {} bytes which exceeds the maximum "
                                  "configured value of {}.",
                                  partition_name, batch.size_bytes(), config.log.max_message_bytes));
    }
    if (batch.size_bytes() > config.log.segment_bytes) {
        return reject(error_code::record_list_too_large,
                      fmt::format("The record batch size in the append to {} is {} bytes which exceeds the segment "
                                  "size of {}.",
                                  partition_name, batch.size_bytes(), config.log.segment_bytes));
    }
    // validate_produced_batch checks the CRC too (the batch parsed above, so corrupt_message
    // can only mean a CRC mismatch): the CRC, the produce path's largest cost after the copy
    // into the log, is computed once per batch.
    if (auto valid = protocol::validate_produced_batch(records); !valid) {
        if (valid.error() == error_code::corrupt_message) {
            return reject(error_code::corrupt_message,
                          fmt::format("Record is corrupt (stored crc = {}) in topic partition {}.", batch.crc(),
                                      partition_name));
        }
        return reject(valid.error(), fmt::format("Record batch of {} is invalid: {}", partition_name,
                                                 error_message(valid.error())));
    }
    if (batch.is_transactional()) {
        return reject(error_code::invalid_txn_state, "Transactions are not supported by this broker yet");
    }
    if (needs_record_walk(batch, config)) {
        if (auto walked = validate_each_record(batch, config, now_ms, partition_name); !walked) {
            return sb::unexpected(std::move(walked).error());
        }
    }
    cluster::produced_batch out;
    out.producer_id = batch.producer_id();
    out.producer_epoch = batch.producer_epoch();
    out.base_sequence = batch.base_sequence();
    out.last_offset_delta = batch.last_offset_delta();
    out.records_count = batch.records_count();
    out.max_timestamp_ms = batch.max_timestamp();
    return out;
}

}  // namespace sb::kafka

#include "kafka/produce_validation.h"

#include <fmt/format.h>

#include "protocol/compression.h"
#include "protocol/record_batch.h"
#include "protocol/record_validation.h"

namespace sb::kafka {
namespace {

constexpr int16_t k_first_produce_version_with_zstd = 7;
// Kafka's LegacyRecord.RECORD_OVERHEAD_V0: crc, magic, attributes, key and value lengths.
constexpr int64_t k_smallest_record_bytes = 14;
// Kafka lists at most this many record errors in the partition's error message.
constexpr std::size_t k_record_errors_in_message = 3;

sb::unexpected<batch_rejection> reject(error_code code, std::string message) {
    return sb::unexpected(batch_rejection{code, std::move(message), {}});
}

// Kafka's ByteBufferLogInputStream.nextBatchSize and nextBatch: the size of the batch
// `bytes` start with, 0 when they hold no whole batch (fewer bytes than its header up to
// the magic, or than its length), or CORRUPT_MESSAGE for a length below the smallest
// record or a magic no format has.
sb::result<std::size_t, batch_rejection> next_batch_size(std::span<const uint8_t> bytes) {
    namespace layout = protocol::batch_layout;
    if (bytes.size() < layout::log_overhead) return std::size_t{0};
    const int64_t batch_length = static_cast<int32_t>(protocol::load_be32(&bytes[layout::batch_length]));
    if (batch_length < k_smallest_record_bytes) {
        return reject(error_code::corrupt_message,
                      fmt::format("Record size {} is less than the minimum record overhead ({})", batch_length,
                                  k_smallest_record_bytes));
    }
    if (bytes.size() <= layout::magic) return std::size_t{0};
    const auto magic = static_cast<int8_t>(bytes[layout::magic]);
    if (magic < 0 || magic > layout::current_magic) {
        return reject(error_code::corrupt_message, fmt::format("Invalid magic found in record: {}", magic));
    }
    const uint64_t size = layout::log_overhead + static_cast<uint64_t>(batch_length);
    return bytes.size() < size ? std::size_t{0} : static_cast<std::size_t>(size);
}

protocol::produce_validation_options record_options(const cluster::partition_config& config, int64_t now_ms) {
    protocol::produce_validation_options o;
    o.compacted = config.compacted();
    o.now_ms = now_ms;
    o.log_append_time = config.log.message_timestamp_type != storage::timestamp_type::create_time;
    o.timestamp_before_max_ms = config.timestamp_before_max_ms;
    o.timestamp_after_max_ms = config.timestamp_after_max_ms;
    return o;
}

std::string describe(const protocol::invalid_record& r, const protocol::timestamp_window& window,
                     const std::string& partition_name) {
    switch (r.problem) {
        case protocol::record_problem::malformed:
            return fmt::format("Record {} of the batch is malformed: {}", r.batch_index, error_message(r.reader_error));
        case protocol::record_problem::offset_delta:
            return fmt::format("Record {} has offset delta {} (expected {})", r.batch_index, r.offset_delta,
                               r.batch_index);
        case protocol::record_problem::missing_key:
            return fmt::format("Compacted topic cannot accept message without key in topic partition {}.",
                               partition_name);
        case protocol::record_problem::timestamp:
            return fmt::format("Timestamp {} of message with offset {} is out of range. The timestamp should be "
                               "within [{}, {}]",
                               r.timestamp_ms, r.batch_index, window.earliest_ms, window.latest_ms);
    }
    return {};
}

// Walks the records (protocol::find_invalid_records), with one error per bad record as
// Kafka's LogValidator reports them.
sb::result<void, batch_rejection> validate_each_record(const protocol::record_batch_view& batch,
                                                        const cluster::partition_config& config, int64_t now_ms,
                                                        const std::string& partition_name) {
    const protocol::produce_validation_options options = record_options(config, now_ms);
    auto found = protocol::find_invalid_records(batch, options);
    if (!found) {
        return reject(found.error() == error_code::message_too_large ? error_code::invalid_record : found.error(),
                      fmt::format("Record batch of {} cannot be read: {}", partition_name, error_message(found.error())));
    }
    if (found->empty()) return {};
    const protocol::timestamp_window window = protocol::timestamp_window_of(options);
    batch_rejection out;
    out.code = protocol::batch_error_of(*found);
    for (const auto& r : *found) out.record_errors.push_back({r.batch_index, describe(r, window, partition_name)});
    if (out.code == error_code::invalid_timestamp) {
        out.message = "One or more records have been rejected due to invalid timestamp";
    } else {
        std::string shown;
        for (std::size_t i = 0; i < out.record_errors.size() && i < k_record_errors_in_message; ++i) {
            shown += fmt::format("{}RecordError(batchIndex={}, message='{}')", i == 0 ? "" : ", ",
                                 out.record_errors[i].batch_index, out.record_errors[i].message);
        }
        out.message = fmt::format("One or more records have been rejected due to {} record errors in total, and only "
                                  "showing the first three errors at most: [{}]",
                                  out.record_errors.size(), shown);
    }
    return sb::unexpected(std::move(out));
}

}  // namespace

sb::result<cluster::produced_batch, batch_rejection> validate_produced_records(
    std::span<const uint8_t> records, const cluster::partition_config& config, int16_t produce_version,
    int64_t now_ms, const std::string& partition_name, bool internal_topic) {
    namespace layout = protocol::batch_layout;
    auto first = next_batch_size(records);
    if (!first) return sb::unexpected(std::move(first).error());
    if (*first == 0) {
        return reject(error_code::invalid_record, fmt::format("Produce requests with version {} must have at least one "
                                                              "record batch per partition",
                                                              produce_version));
    }
    // Magic 0 or 1 (other values are corrupt, above). Such a message set is shorter than a
    // batch header: it is refused here as the wrong magic, as Kafka does.
    if (static_cast<int8_t>(records[layout::magic]) != layout::current_magic) {
        return reject(error_code::invalid_record,
                      fmt::format("Produce requests with version {} are only allowed to contain record batches with "
                                  "magic version 2",
                                  produce_version));
    }
    auto parsed = protocol::record_batch_view::parse(records.first(*first));
    if (!parsed) {
        return reject(error_code::corrupt_message,
                      fmt::format("Record batch of {} is corrupt (the size {} is smaller than the minimum allowed "
                                  "overhead {})",
                                  partition_name, *first, layout::header_size_bytes));
    }
    const protocol::record_batch_view& batch = *parsed;
    if (batch.codec_bits() == static_cast<uint8_t>(protocol::compression_codec::zstd) &&
        produce_version < k_first_produce_version_with_zstd) {
        return reject(error_code::unsupported_compression_type,
                      "Produce requests with version below 7 cannot carry zstd-compressed records");
    }
    // Bytes after the batch: a whole second batch is refused; a corrupt start of one too;
    // anything shorter than a batch is dropped, as Kafka's log trims it (UnifiedLog's
    // trimInvalidBytes).
    auto second = next_batch_size(records.subspan(*first));
    if (!second) return sb::unexpected(std::move(second).error());
    if (*second != 0) {
        return reject(error_code::invalid_record, fmt::format("Produce requests with version {} are only allowed to "
                                                              "contain exactly one record batch per partition",
                                                              produce_version));
    }
    if (internal_topic) {
        const std::string_view topic =
            std::string_view(partition_name).substr(0, partition_name.rfind('-'));
        return reject(error_code::invalid_topic_exception, fmt::format("Cannot append to internal topic {}", topic));
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
    if (auto valid = protocol::validate_produced_batch(records.first(*first)); !valid) {
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
    if (auto walked = validate_each_record(batch, config, now_ms, partition_name); !walked) {
        return sb::unexpected(std::move(walked).error());
    }
    cluster::produced_batch out;
    out.producer_id = batch.producer_id();
    out.producer_epoch = batch.producer_epoch();
    out.base_sequence = batch.base_sequence();
    out.last_offset_delta = batch.last_offset_delta();
    out.records_count = batch.records_count();
    out.max_timestamp_ms = batch.max_timestamp();
    out.size_bytes = batch.size_bytes();
    return out;
}

}  // namespace sb::kafka

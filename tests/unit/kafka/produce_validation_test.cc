// The Kafka layer's produce checks: their order, error codes and messages, on top of
// protocol::find_invalid_records (whose own cases are in the protocol tests).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kafka/produce_validation.h"
#include "protocol/record_batch.h"
#include "protocol/record_batch_builder.h"

namespace {

using namespace sb::protocol;
using sb::error_code;
using sb::cluster::partition_config;
using sb::kafka::validate_produced_records;

constexpr int64_t k_now = 1'700'000'000'000;
constexpr int16_t k_version = 9;
const std::string k_name = "events-0";

std::vector<uint8_t> batch_of(std::initializer_list<std::optional<std::string_view>> keys,
                              compression_codec codec = compression_codec::none) {
    record_batch_builder b(codec);
    for (const auto& key : keys) b.add(k_now, key, "value");
    return b.build().value();
}

void set_batch_length(std::vector<uint8_t>& bytes, int32_t length) {
    store_be32(bytes.data() + batch_layout::batch_length, static_cast<uint32_t>(length));
}

TEST(ProduceValidation, AcceptsAGoodBatchAndSummarisesIt) {
    auto bytes = batch_of({"a", "b", "c"}, compression_codec::zstd);
    auto summary = validate_produced_records(bytes, partition_config{}, k_version, k_now, k_name, false);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->records_count, 3);
    EXPECT_EQ(summary->last_offset_delta, 2);
    EXPECT_EQ(summary->producer_id, -1);
    EXPECT_EQ(summary->max_timestamp_ms, k_now);
}

TEST(ProduceValidation, BatchLengthsAsKafkasIterator) {
    auto bytes = batch_of({"a"});
    auto too_long = bytes;
    set_batch_length(too_long, static_cast<int32_t>(bytes.size()));  // 12 bytes more than there are
    auto r = validate_produced_records(too_long, partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::invalid_record);
    EXPECT_EQ(r.error().message, "Produce requests with version 9 must have at least one record batch per partition");

    auto below_any_record = bytes;
    set_batch_length(below_any_record, 13);
    r = validate_produced_records(below_any_record, partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::corrupt_message);
    EXPECT_EQ(r.error().message, "Record size 13 is less than the minimum record overhead (14)");

    auto below_a_header = bytes;
    set_batch_length(below_a_header, 14);
    r = validate_produced_records(below_a_header, partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::corrupt_message);
    EXPECT_EQ(r.error().message,
              "Record batch of events-0 is corrupt (the size 26 is smaller than the minimum allowed overhead 61)");
}

TEST(ProduceValidation, OldMagicIsTheWrongMagicEvenWhenShort) {
    // A magic 1 message set of 31 bytes: shorter than a batch header.
    std::vector<uint8_t> legacy(31, 0);
    store_be32(legacy.data() + batch_layout::batch_length, 19);
    legacy[batch_layout::magic] = 1;
    auto r = validate_produced_records(legacy, partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::invalid_record);
    EXPECT_EQ(r.error().message,
              "Produce requests with version 9 are only allowed to contain record batches with magic version 2");
}

TEST(ProduceValidation, RecordErrorsAreWordedAsKafkaAndCappedAtThreeInTheMessage) {
    partition_config compacted;
    compacted.log.cleanup = sb::storage::cleanup_policy::compact;
    auto bytes = batch_of({"a", std::nullopt, std::nullopt, std::nullopt, std::nullopt}, compression_codec::gzip);
    auto r = validate_produced_records(bytes, compacted, k_version, k_now, k_name, false);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error_code::invalid_record);
    ASSERT_EQ(r.error().record_errors.size(), 4u);
    const std::string missing = "Compacted topic cannot accept message without key in topic partition events-0.";
    EXPECT_EQ(r.error().record_errors[0].batch_index, 1);
    EXPECT_EQ(r.error().record_errors[0].message, missing);
    EXPECT_EQ(r.error().message,
              "One or more records have been rejected due to 4 record errors in total, and only showing the first "
              "three errors at most: [RecordError(batchIndex=1, message='" + missing +
                  "'), RecordError(batchIndex=2, message='" + missing + "'), RecordError(batchIndex=3, message='" +
                  missing + "')]");
}

TEST(ProduceValidation, TimestampErrorsNameTheWindow) {
    partition_config bounded;
    bounded.timestamp_before_max_ms = 1000;
    bounded.timestamp_after_max_ms = 500;
    auto bytes = record_batch_builder().add(k_now, "a", "ok").add(k_now + 501, "b", "future").build().value();
    auto r = validate_produced_records(bytes, bounded, k_version, k_now, k_name, false);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error_code::invalid_timestamp);
    EXPECT_EQ(r.error().message, "One or more records have been rejected due to invalid timestamp");
    ASSERT_EQ(r.error().record_errors.size(), 1u);
    EXPECT_EQ(r.error().record_errors[0].batch_index, 1);
    EXPECT_EQ(r.error().record_errors[0].message,
              "Timestamp 1700000000501 of message with offset 1 is out of range. The timestamp should be within "
              "[1699999999000, 1700000000500]");
}

// The header promises more records than there are: a compressed batch is walked too.
TEST(ProduceValidation, CompressedRecordsCountIsChecked) {
    auto bytes = batch_of({"a", "b"}, compression_codec::lz4);
    store_be32(bytes.data() + batch_layout::records_count, 3);
    store_be32(bytes.data() + batch_layout::last_offset_delta, 2);
    store_crc(bytes);
    auto r = validate_produced_records(bytes, partition_config{}, k_version, k_now, k_name, false);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error_code::invalid_record);
    ASSERT_EQ(r.error().record_errors.size(), 1u);
    EXPECT_EQ(r.error().record_errors[0].batch_index, 2);
    EXPECT_EQ(r.error().record_errors[0].message.rfind("Record 2 of the batch is malformed: ", 0), 0u);
}

// What follows the batch, as Kafka's batch iterator and log see it.
TEST(ProduceValidation, BytesAfterTheBatchAsKafka) {
    const auto batch = batch_of({"a"});
    auto with_tail = [&](std::vector<uint8_t> tail) {
        auto bytes = batch;
        bytes.insert(bytes.end(), tail.begin(), tail.end());
        return bytes;
    };
    // Fewer than 12 bytes: no batch header; the log drops them.
    auto r = validate_produced_records(with_tail(std::vector<uint8_t>(11, 0xff)), partition_config{}, k_version,
                                       k_now, k_name, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size_bytes, static_cast<int32_t>(batch.size()));

    // A length below the smallest record: corrupt.
    std::vector<uint8_t> tail(12, 0);
    store_be32(tail.data() + batch_layout::batch_length, 5);
    r = validate_produced_records(with_tail(tail), partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::corrupt_message);
    EXPECT_EQ(r.error().message, "Record size 5 is less than the minimum record overhead (14)");

    // A magic that no format has: corrupt.
    tail.assign(17, 0);
    store_be32(tail.data() + batch_layout::batch_length, 100);
    tail[batch_layout::magic] = 9;
    r = validate_produced_records(with_tail(tail), partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::corrupt_message);
    EXPECT_EQ(r.error().message, "Invalid magic found in record: 9");

    // The start of a batch that does not fit: dropped.
    tail.assign(40, 0);
    store_be32(tail.data() + batch_layout::batch_length, 100);
    tail[batch_layout::magic] = 2;
    r = validate_produced_records(with_tail(tail), partition_config{}, k_version, k_now, k_name, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size_bytes, static_cast<int32_t>(batch.size()));

    // A whole second batch.
    r = validate_produced_records(with_tail(batch), partition_config{}, k_version, k_now, k_name, false);
    EXPECT_EQ(r.error().code, error_code::invalid_record);
    EXPECT_EQ(r.error().message,
              "Produce requests with version 9 are only allowed to contain exactly one record batch per partition");
}

// Internal topics are refused after the request's own checks and before the log's.
TEST(ProduceValidation, InternalTopicsAreRefusedInKafkasOrder) {
    const std::string partition = "__consumer_offsets-3";
    auto bytes = batch_of({"a"});
    auto r = validate_produced_records(bytes, partition_config{}, k_version, k_now, partition, true);
    EXPECT_EQ(r.error().code, error_code::invalid_topic_exception);
    EXPECT_EQ(r.error().message, "Cannot append to internal topic __consumer_offsets");

    auto bad_crc = bytes;
    bad_crc[batch_layout::crc] ^= 0xff;
    r = validate_produced_records(bad_crc, partition_config{}, k_version, k_now, partition, true);
    EXPECT_EQ(r.error().code, error_code::invalid_topic_exception);

    auto zstd = batch_of({"a"}, compression_codec::zstd);
    r = validate_produced_records(zstd, partition_config{}, 6, k_now, partition, true);
    EXPECT_EQ(r.error().code, error_code::unsupported_compression_type);
}

}  // namespace

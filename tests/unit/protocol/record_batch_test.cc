#include "protocol/record_batch.h"

#include <gtest/gtest.h>

#include "protocol/record_batch_builder.h"
#include "record_batch_test_util.h"

namespace {

using namespace sb::protocol;
using sb::error_code;
using sb::protocol::testing::from_hex;

// Written by kafka-python 2.0.2's DefaultRecordBatchBuilder (an independent encoder): two
// records, timestamps 1700000000000 and +5, "k1"/"v1" and null key/"hello" with header h=x.
constexpr std::string_view k_kafka_python_batch =
    "00000000000000000000004c000000000232deae190000000000010000018bcfe568000000018bcfe56805"
    "ffffffffffffffffffffffffffff0000000214000000046b31047631001e000a02010a68656c6c6f0202680278";

std::vector<uint8_t> two_record_batch() {
    record_batch_builder b;
    b.set_partition_leader_epoch(0);
    b.add(1700000000000, "k1", "v1");
    b.add(1700000000005, std::nullopt, "hello", {{"h", "x"}});
    return b.build().value();
}

TEST(RecordBatch, BuilderMatchesIndependentEncoderByteForByte) {
    EXPECT_EQ(two_record_batch(), from_hex(k_kafka_python_batch));
}

TEST(RecordBatch, HeaderAccessors) {
    auto bytes = from_hex(k_kafka_python_batch);
    auto view = record_batch_view::parse(bytes);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->base_offset(), 0);
    EXPECT_EQ(view->batch_length(), 76);
    EXPECT_EQ(view->size_bytes(), 88u);
    EXPECT_EQ(view->partition_leader_epoch(), 0);
    EXPECT_EQ(view->magic(), 2);
    EXPECT_EQ(view->crc(), 0x32deae19u);
    EXPECT_TRUE(view->crc_matches());
    EXPECT_EQ(view->attributes(), 0);
    EXPECT_EQ(view->last_offset_delta(), 1);
    EXPECT_EQ(view->base_timestamp(), 1700000000000);
    EXPECT_EQ(view->max_timestamp(), 1700000000005);
    EXPECT_EQ(view->producer_id(), -1);
    EXPECT_EQ(view->producer_epoch(), -1);
    EXPECT_EQ(view->base_sequence(), -1);
    EXPECT_EQ(view->records_count(), 2);
    EXPECT_EQ(view->last_offset(), 1);
    EXPECT_EQ(view->next_offset(), 2);
    EXPECT_EQ(view->codec(), compression_codec::none);
    EXPECT_FALSE(view->is_control());
}

TEST(RecordBatch, ParseRejectsShortWrongMagicAndBadLength) {
    auto bytes = two_record_batch();
    EXPECT_EQ(record_batch_view::parse(std::span(bytes).first(60)).error(), error_code::corrupt_message);
    auto wrong_magic = bytes;
    wrong_magic[16] = 1;
    EXPECT_EQ(record_batch_view::parse(wrong_magic).error(), error_code::corrupt_message);
    auto too_long = bytes;
    store_be32(too_long.data() + 8, 77);  // one byte more than there is
    EXPECT_EQ(record_batch_view::parse(too_long).error(), error_code::corrupt_message);
    auto too_short = bytes;
    store_be32(too_short.data() + 8, 48);  // less than the header itself
    EXPECT_EQ(record_batch_view::parse(too_short).error(), error_code::corrupt_message);
}

TEST(RecordBatch, ParseViewStopsAtBatchEnd) {
    auto bytes = two_record_batch();
    auto two = bytes;
    two.insert(two.end(), bytes.begin(), bytes.end());
    auto view = record_batch_view::parse(two);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->size_bytes(), bytes.size());
}

TEST(RecordBatch, ValidateProducedAcceptsGoodBatch) {
    auto bytes = two_record_batch();
    EXPECT_TRUE(validate_produced_batch(bytes));
    EXPECT_TRUE(validate_stored_batch(bytes));
}

TEST(RecordBatch, ValidateProducedRejectsFlippedBitAsCorrupt) {
    auto bytes = two_record_batch();
    bytes[70] ^= 0x10;
    EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::corrupt_message);
    EXPECT_EQ(validate_stored_batch(bytes).error(), error_code::corrupt_message);
}

TEST(RecordBatch, ValidateProducedRejectsTwoBatches) {
    auto bytes = two_record_batch();
    auto two = bytes;
    two.insert(two.end(), bytes.begin(), bytes.end());
    EXPECT_EQ(validate_produced_batch(two).error(), error_code::invalid_record);
}

TEST(RecordBatch, ValidateProducedRejectsCountMismatch) {
    auto bytes = two_record_batch();
    store_be32(bytes.data() + batch_layout::last_offset_delta, 2);
    store_crc(bytes);
    EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::invalid_record);
}

TEST(RecordBatch, ValidateProducedRejectsEmptyBatch) {
    auto bytes = record_batch_builder().build().value();
    EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::invalid_record);
}

TEST(RecordBatch, ValidateProducedRejectsControlBatch) {
    auto bytes = record_batch_builder().set_control(true).add(1, std::string_view("\0\0\0\1", 4), "x").build().value();
    EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::invalid_record);
}

TEST(RecordBatch, ValidateProducedRejectsLogAppendTimeFromClient) {
    auto bytes = two_record_batch();
    patch_log_append_time(bytes, 5);
    EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::invalid_record);
}

TEST(RecordBatch, ValidateProducedRejectsCodecFiveToSeven) {
    for (uint16_t codec = 5; codec <= 7; ++codec) {
        auto bytes = two_record_batch();
        store_be16(bytes.data() + batch_layout::attributes, codec);
        store_crc(bytes);
        EXPECT_EQ(validate_produced_batch(bytes).error(), error_code::unsupported_compression_type);
        EXPECT_EQ(validate_stored_batch(bytes).error(), error_code::corrupt_message);
    }
}

TEST(RecordBatch, ValidateProducedRequiresSequenceWithProducerId) {
    auto bad = record_batch_builder().set_producer(42, 0, -1).add(1, "k", "v").build().value();
    EXPECT_EQ(validate_produced_batch(bad).error(), error_code::invalid_record);
    auto good = record_batch_builder().set_producer(42, 0, 0).add(1, "k", "v").build().value();
    EXPECT_TRUE(validate_produced_batch(good));
}

TEST(RecordBatch, PatchOffsetAndEpochKeepCrc) {
    auto bytes = two_record_batch();
    uint32_t crc_before = record_batch_view(bytes).crc();
    patch_base_offset(bytes, 1234567890123);
    patch_partition_leader_epoch(bytes, 17);
    record_batch_view view(bytes);
    EXPECT_EQ(view.base_offset(), 1234567890123);
    EXPECT_EQ(view.partition_leader_epoch(), 17);
    EXPECT_EQ(view.crc(), crc_before);
    EXPECT_TRUE(view.crc_matches());
    EXPECT_EQ(view.last_offset(), 1234567890124);
}

TEST(RecordBatch, PatchLogAppendTimeRecomputesCrc) {
    auto bytes = two_record_batch();
    uint32_t crc_before = record_batch_view(bytes).crc();
    patch_log_append_time(bytes, 1800000000000);
    record_batch_view view(bytes);
    EXPECT_TRUE(view.has_log_append_time());
    EXPECT_EQ(view.attributes(), 0x08);
    EXPECT_EQ(view.max_timestamp(), 1800000000000);
    EXPECT_NE(view.crc(), crc_before);
    EXPECT_TRUE(view.crc_matches());
}

TEST(RecordBatch, BigEndianHelpers) {
    uint8_t b[8];
    store_be64(b, 0x0102030405060708ull);
    EXPECT_EQ(b[0], 1);
    EXPECT_EQ(b[7], 8);
    EXPECT_EQ(load_be64(b), 0x0102030405060708ull);
    EXPECT_EQ(load_be32(b), 0x01020304u);
    EXPECT_EQ(load_be16(b + 6), 0x0708u);
}

}  // namespace

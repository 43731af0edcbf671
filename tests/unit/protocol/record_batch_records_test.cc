#include <gtest/gtest.h>

#include "protocol/record.h"
#include "protocol/record_batch_builder.h"
#include "protocol/record_validation.h"
#include "record_batch_test_util.h"

namespace {

using namespace sb::protocol;
using sb::error_code;
using sb::protocol::testing::as_string;
using sb::protocol::testing::from_hex;

// kafka-python 2.0.2, gzip, producer id 7 epoch 1 base sequence 5, three records
// key<i> / "value-<i>" x3, timestamps 1700000000000 + i.
constexpr std::string_view k_kafka_python_gzip_batch =
    "0000000000000000000000700000000002481a35760001000000020000018bcfe568000000018bcfe568020000000000000007"
    "000100000005000000031f8b0800e01f056b02ffb3636060e0c84ead34d02a4bcc294dd53540a518ec18989840f286507943"
    "540a28cfc202923782ca1ba1520c006aee9a5a60000000";

std::vector<record> read_all(record_batch_view view, std::vector<std::string>& keys, std::vector<std::string>& values,
                             record_reader& reader) {
    std::vector<record> out;
    record r;
    for (;;) {
        auto more = reader.next(r);
        EXPECT_TRUE(more);
        if (!more || !*more) break;
        keys.push_back(r.key ? as_string(*r.key) : "<null>");
        values.push_back(r.value ? as_string(*r.value) : "<null>");
        out.push_back(r);
    }
    (void)view;
    return out;
}

TEST(RecordBatchRecords, ReadsIndependentGzipBatch) {
    auto bytes = from_hex(k_kafka_python_gzip_batch);
    record_batch_view view(bytes);
    ASSERT_TRUE(view.crc_matches());
    EXPECT_EQ(view.codec(), compression_codec::gzip);
    EXPECT_EQ(view.producer_id(), 7);
    EXPECT_EQ(view.producer_epoch(), 1);
    EXPECT_EQ(view.base_sequence(), 5);
    EXPECT_TRUE(validate_produced_batch(bytes));
    auto reader = record_reader::open(view);
    ASSERT_TRUE(reader);
    std::vector<std::string> keys, values;
    auto records = read_all(view, keys, values, *reader);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(keys, (std::vector<std::string>{"key0", "key1", "key2"}));
    EXPECT_EQ(values, (std::vector<std::string>{"value-0value-0value-0", "value-1value-1value-1",
                                                "value-2value-2value-2"}));
    EXPECT_EQ(records[2].offset_delta, 2);
    EXPECT_EQ(records[2].timestamp_delta, 2);
}

TEST(RecordBatchRecords, RoundTripEveryCodec) {
    for (auto codec : {compression_codec::none, compression_codec::gzip, compression_codec::snappy,
                       compression_codec::lz4, compression_codec::zstd}) {
        record_batch_builder b(codec, 100);
        for (int i = 0; i < 50; ++i) {
            std::string v(1000, static_cast<char>('a' + i % 26));
            b.add(1000 + i, "key-" + std::to_string(i), v, {{"hk", std::nullopt}});
        }
        b.add(2000, "tomb", std::nullopt);
        auto bytes = b.build().value();
        record_batch_view view(bytes);
        EXPECT_EQ(view.codec(), codec);
        EXPECT_EQ(view.records_count(), 51);
        EXPECT_EQ(view.last_offset(), 150);
        EXPECT_EQ(view.max_timestamp(), 2000);
        EXPECT_TRUE(validate_produced_batch(bytes));
        EXPECT_TRUE(validate_produced_records(view, {}));
        auto reader = record_reader::open(view);
        ASSERT_TRUE(reader);
        std::vector<std::string> keys, values;
        auto records = read_all(view, keys, values, *reader);
        ASSERT_EQ(records.size(), 51u);
        EXPECT_EQ(keys[49], "key-49");
        EXPECT_EQ(values[49], std::string(1000, 'a' + 49 % 26));
        EXPECT_EQ(values[50], "<null>");
        ASSERT_EQ(records[3].headers.size(), 1u);
        EXPECT_EQ(as_string(records[3].headers[0].key), "hk");
        EXPECT_FALSE(records[3].headers[0].value.has_value());
        EXPECT_EQ(records[50].timestamp_delta, 1000);
    }
}

TEST(RecordBatchRecords, ExplicitOffsetDeltasAndLastDelta) {
    auto bytes = record_batch_builder(compression_codec::none, 10)
                     .add(5, "a", "1", {}, 0)
                     .add(6, "b", "2", {}, 3)
                     .set_last_offset_delta(7)
                     .build()
                     .value();
    record_batch_view view(bytes);
    EXPECT_EQ(view.records_count(), 2);
    EXPECT_EQ(view.last_offset(), 17);
    auto reader = record_reader::open(view);
    record r;
    ASSERT_TRUE(reader->next(r).value());
    ASSERT_TRUE(reader->next(r).value());
    EXPECT_EQ(r.offset_delta, 3);
    EXPECT_FALSE(reader->next(r).value());
}

// A batch with one record whose bytes the test then damages; the record starts at 61.
std::vector<uint8_t> one_record() { return record_batch_builder().add(7, "key", "value").build().value(); }

error_code read_error(std::vector<uint8_t>& bytes) {
    store_crc(bytes);
    auto reader = record_reader::open(record_batch_view(bytes));
    if (!reader) return reader.error();
    record r;
    for (;;) {
        auto more = reader->next(r);
        if (!more) return more.error();
        if (!*more) return error_code::none;
    }
}

TEST(RecordBatchRecords, RecordLengthMustMatchConsumedBytes) {
    auto bytes = one_record();
    // length varint: zigzag(14) = 28; say 13 instead: the fields overrun the record.
    ASSERT_EQ(bytes[61], 28);
    bytes[61] = 26;
    EXPECT_EQ(read_error(bytes), error_code::corrupt_message);
    auto longer = one_record();
    // Claim one byte more than the fields use, with a spare byte appended after the record.
    longer[61] = 30;
    longer.push_back(0);
    store_be32(longer.data() + 8, static_cast<uint32_t>(longer.size() - 12));
    EXPECT_EQ(read_error(longer), error_code::invalid_record);
}

TEST(RecordBatchRecords, TruncatedRecordIsCorrupt) {
    auto bytes = one_record();
    bytes.resize(bytes.size() - 3);
    store_be32(bytes.data() + 8, static_cast<uint32_t>(bytes.size() - 12));
    EXPECT_EQ(read_error(bytes), error_code::corrupt_message);
}

TEST(RecordBatchRecords, OverlongVarintIsCorrupt) {
    auto bytes = one_record();
    // Replace the length with six continuation bytes.
    bytes.erase(bytes.begin() + 61);
    bytes.insert(bytes.begin() + 61, {0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
    store_be32(bytes.data() + 8, static_cast<uint32_t>(bytes.size() - 12));
    EXPECT_EQ(read_error(bytes), error_code::corrupt_message);
}

TEST(RecordBatchRecords, TrailingBytesAndMissingRecordsAreInvalid) {
    auto trailing = one_record();
    trailing.push_back(0);
    store_be32(trailing.data() + 8, static_cast<uint32_t>(trailing.size() - 12));
    EXPECT_EQ(read_error(trailing), error_code::invalid_record);
    auto missing = one_record();
    store_be32(missing.data() + batch_layout::records_count, 2);
    EXPECT_EQ(read_error(missing), error_code::invalid_record);
}

TEST(RecordBatchRecords, NegativeHeaderCountIsInvalid) {
    auto bytes = one_record();
    // The last byte is headersCount (0); zigzag 1 is -1.
    ASSERT_EQ(bytes.back(), 0);
    bytes.back() = 1;
    EXPECT_EQ(read_error(bytes), error_code::invalid_record);
}

TEST(RecordBatchRecords, NegativeKeyLengthBelowMinusOneIsCorrupt) {
    auto bytes = one_record();
    // Fields: length, attributes, timestampDelta, offsetDelta, keyLength at 65.
    ASSERT_EQ(bytes[65], 6);  // zigzag(3)
    bytes[65] = 3;            // zigzag(-2)
    EXPECT_EQ(read_error(bytes), error_code::corrupt_message);
}

TEST(RecordBatchRecords, DecompressionBombIsRefused) {
    record_batch_builder b(compression_codec::zstd);
    b.add(1, "k", std::string(1 << 20, 'x'));
    auto bytes = b.build().value();
    EXPECT_LT(bytes.size(), 2000u);
    compression_limits limits{64 * 1024};
    auto reader = record_reader::open(record_batch_view(bytes), limits);
    ASSERT_FALSE(reader);
    EXPECT_EQ(reader.error(), error_code::message_too_large);
}

TEST(RecordBatchRecords, CorruptCompressedPayload) {
    auto bytes = record_batch_builder(compression_codec::lz4).add(1, "k", "some value").build().value();
    // The last byte belongs to the frame's end mark; a non-zero mark announces a block
    // larger than the frame allows.
    bytes.back() ^= 0x01;
    EXPECT_EQ(read_error(bytes), error_code::corrupt_message);
}

}  // namespace

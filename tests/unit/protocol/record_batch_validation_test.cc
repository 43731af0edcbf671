#include <gtest/gtest.h>

#include "protocol/record_batch_builder.h"
#include "protocol/record_validation.h"

namespace {

using namespace sb::protocol;
using sb::error_code;

constexpr int64_t k_now = 1'700'000'000'000;

produce_validation_options window(int64_t before_ms, int64_t after_ms) {
    produce_validation_options o;
    o.now_ms = k_now;
    o.timestamp_before_max_ms = before_ms;
    o.timestamp_after_max_ms = after_ms;
    return o;
}

TEST(RecordBatchValidation, AcceptsGoodBatchEveryCodec) {
    for (auto codec : {compression_codec::none, compression_codec::gzip, compression_codec::snappy,
                       compression_codec::lz4, compression_codec::zstd}) {
        auto bytes = record_batch_builder(codec).add(k_now, "a", "1").add(k_now + 1, "b", "2").build().value();
        EXPECT_TRUE(validate_produced_records(record_batch_view(bytes), window(1000, 1000)));
    }
}

TEST(RecordBatchValidation, OffsetDeltasMustCountFromZero) {
    auto gap = record_batch_builder().add(k_now, "a", "1", {}, 0).add(k_now, "b", "2", {}, 2).build().value();
    EXPECT_EQ(validate_produced_records(record_batch_view(gap), {}).error(), error_code::invalid_record);
    auto late_start = record_batch_builder().add(k_now, "a", "1", {}, 1).build().value();
    EXPECT_EQ(validate_produced_records(record_batch_view(late_start), {}).error(), error_code::invalid_record);
}

TEST(RecordBatchValidation, CompactedTopicsNeedKeys) {
    auto bytes = record_batch_builder().add(k_now, std::nullopt, "1").build().value();
    produce_validation_options o;
    EXPECT_TRUE(validate_produced_records(record_batch_view(bytes), o));
    o.compacted = true;
    EXPECT_EQ(validate_produced_records(record_batch_view(bytes), o).error(), error_code::invalid_record);
}

TEST(RecordBatchValidation, TimestampWindowIsInclusive) {
    auto at = [](int64_t ts) { return record_batch_builder().add(ts, "k", "v").build().value(); };
    auto o = window(1000, 500);
    EXPECT_TRUE(validate_produced_records(record_batch_view(at(k_now - 1000)), o));
    EXPECT_EQ(validate_produced_records(record_batch_view(at(k_now - 1001)), o).error(), error_code::invalid_timestamp);
    EXPECT_TRUE(validate_produced_records(record_batch_view(at(k_now + 500)), o));
    EXPECT_EQ(validate_produced_records(record_batch_view(at(k_now + 501)), o).error(), error_code::invalid_timestamp);
    EXPECT_TRUE(validate_produced_records(record_batch_view(at(-1)), o));  // no timestamp
    o.log_append_time = true;
    EXPECT_TRUE(validate_produced_records(record_batch_view(at(k_now + 10'000)), o));
}

// Every bad record is listed, in batch order, with what is wrong with it.
TEST(RecordBatchValidation, ListsEveryBadRecord) {
    auto gaps = record_batch_builder()
                    .add(k_now, "k0", "ok", {}, 0)
                    .add(k_now, "k1", "delta 5", {}, 5)
                    .add(k_now, "k2", "delta 6", {}, 6)
                    .build()
                    .value();
    auto o = window(1000, 1000);
    o.compacted = true;
    auto found = find_invalid_records(record_batch_view(gaps), o);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].batch_index, 1);
    EXPECT_EQ((*found)[0].problem, record_problem::offset_delta);
    EXPECT_EQ((*found)[0].offset_delta, 5);
    EXPECT_EQ((*found)[1].batch_index, 2);
    EXPECT_EQ((*found)[1].offset_delta, 6);
    EXPECT_EQ(batch_error_of(*found), error_code::invalid_record);

    auto mixed = record_batch_builder()
                     .add(k_now, "k0", "ok")
                     .add(k_now, std::nullopt, "no key")
                     .add(k_now + 5000, "k2", "future")
                     .add(k_now - 5000, std::nullopt, "no key and old")  // the key is checked first
                     .build()
                     .value();
    found = find_invalid_records(record_batch_view(mixed), o);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 3u);
    EXPECT_EQ((*found)[0].batch_index, 1);
    EXPECT_EQ((*found)[0].problem, record_problem::missing_key);
    EXPECT_EQ((*found)[1].batch_index, 2);
    EXPECT_EQ((*found)[1].problem, record_problem::timestamp);
    EXPECT_EQ((*found)[1].timestamp_ms, k_now + 5000);
    EXPECT_EQ((*found)[2].batch_index, 3);
    EXPECT_EQ((*found)[2].problem, record_problem::missing_key);
    EXPECT_EQ(batch_error_of(*found), error_code::invalid_timestamp);
    EXPECT_EQ(batch_error_of(std::span(*found).first(1)), error_code::invalid_record);
    EXPECT_EQ(batch_error_of({}), error_code::none);
}

// A recordsCount larger than the records inside (made consistent with lastOffsetDelta,
// so that the header checks pass) is found by the walk, compressed or not.
TEST(RecordBatchValidation, RecordsCountBeyondTheRecordsIsMalformed) {
    for (auto codec : {compression_codec::none, compression_codec::gzip, compression_codec::zstd}) {
        auto bytes = record_batch_builder(codec).add(k_now, "a", "1").add(k_now, "b", "2").build().value();
        store_be32(bytes.data() + batch_layout::records_count, 0x7fffffff);
        store_be32(bytes.data() + batch_layout::last_offset_delta, 0x7ffffffe);
        store_crc(bytes);
        ASSERT_TRUE(validate_produced_batch(bytes));
        auto found = find_invalid_records(record_batch_view(bytes), {});
        ASSERT_TRUE(found);
        ASSERT_EQ(found->size(), 1u);
        EXPECT_EQ((*found)[0].batch_index, 2);
        EXPECT_EQ((*found)[0].problem, record_problem::malformed);
        EXPECT_EQ((*found)[0].reader_error, error_code::invalid_record);
        EXPECT_EQ(validate_produced_records(record_batch_view(bytes), {}).error(), error_code::invalid_record);
    }
}

TEST(RecordBatchValidation, WindowSaturatesAndTimestampsDoNotOverflow) {
    produce_validation_options o;
    o.now_ms = 10;
    auto w = timestamp_window_of(o);
    EXPECT_EQ(w.earliest_ms, 10 - std::numeric_limits<int64_t>::max());
    EXPECT_EQ(w.latest_ms, std::numeric_limits<int64_t>::max());
    o.timestamp_before_max_ms = 4;
    o.timestamp_after_max_ms = 6;
    w = timestamp_window_of(o);
    EXPECT_EQ(w.earliest_ms, 6);
    EXPECT_EQ(w.latest_ms, 16);
    o.now_ms = -10;  // a clock before 1970 still gives a window
    o.timestamp_before_max_ms = std::numeric_limits<int64_t>::max();
    EXPECT_EQ(timestamp_window_of(o).earliest_ms, std::numeric_limits<int64_t>::min());

    // baseTimestamp near the top plus a positive delta: saturated, so out of a bounded window.
    auto huge = record_batch_builder().add(0, "k", "v").add(100, "k", "v").build().value();
    store_be64(huge.data() + batch_layout::base_timestamp, static_cast<uint64_t>(std::numeric_limits<int64_t>::max() - 10));
    store_crc(huge);
    EXPECT_TRUE(validate_produced_records(record_batch_view(huge), {}));
    auto bounded = window(1000, 1000);
    auto found = find_invalid_records(record_batch_view(huge), bounded);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[1].timestamp_ms, std::numeric_limits<int64_t>::max());
}

TEST(RecordBatchValidation, BombIsTooLarge) {
    auto bytes = record_batch_builder(compression_codec::gzip).add(k_now, "k", std::string(1 << 20, 'z')).build().value();
    produce_validation_options o;
    o.limits.max_decompressed_bytes = 4096;
    EXPECT_EQ(validate_produced_records(record_batch_view(bytes), o).error(), error_code::message_too_large);
}

}  // namespace

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

TEST(RecordBatchValidation, BombIsTooLarge) {
    auto bytes = record_batch_builder(compression_codec::gzip).add(k_now, "k", std::string(1 << 20, 'z')).build().value();
    produce_validation_options o;
    o.limits.max_decompressed_bytes = 4096;
    EXPECT_EQ(validate_produced_records(record_batch_view(bytes), o).error(), error_code::message_too_large);
}

}  // namespace

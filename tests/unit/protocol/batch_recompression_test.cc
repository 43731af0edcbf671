#include "protocol/batch_recompression.h"

#include <gtest/gtest.h>

#include "protocol/record_batch_builder.h"

namespace {

using namespace sb::protocol;

const std::vector<compression_codec> k_codecs = {compression_codec::none, compression_codec::gzip,
                                                 compression_codec::snappy, compression_codec::lz4,
                                                 compression_codec::zstd};

std::vector<uint8_t> idempotent_batch(compression_codec codec) {
    record_batch_builder b(codec);
    b.set_producer(42, 3, 17);
    b.add(1'700'000'000'000, "k0", "value 0", {{"h", "1"}, {"n", std::nullopt}});
    b.add(1'700'000'000'500, std::nullopt, "value 1");
    b.add(1'699'999'999'000, "k2", std::nullopt);
    return b.build().value();
}

std::vector<uint8_t> plain_records(const record_batch_view& batch) {
    auto codec = codec_from_bits(batch.codec_bits()).value();
    if (codec == compression_codec::none) return {batch.records_bytes().begin(), batch.records_bytes().end()};
    return decompress(codec, batch.records_bytes(), compression_limits{}.max_decompressed_bytes).value();
}

// Every codec to every codec: the records' bytes and every header field but the codec
// bits, batchLength and CRC are the producer's.
TEST(BatchRecompression, KeepsRecordsAndHeaderExactAcrossCodecs) {
    for (auto from : k_codecs) {
        const auto original = idempotent_batch(from);
        const record_batch_view in(original);
        for (auto to : k_codecs) {
            SCOPED_TRACE(testing::Message() << int(from) << " -> " << int(to));
            auto out = recompress_batch(in, to, {}, compression_limits{});
            ASSERT_TRUE(out);
            ASSERT_TRUE(validate_produced_batch(*out));
            const record_batch_view v(*out);
            EXPECT_EQ(v.codec(), to);
            EXPECT_EQ(v.size_bytes(), static_cast<std::size_t>(v.batch_length()) + batch_layout::log_overhead);
            EXPECT_EQ(v.attributes() & ~batch_attributes::codec_mask, in.attributes() & ~batch_attributes::codec_mask);
            EXPECT_EQ(v.base_offset(), in.base_offset());
            EXPECT_EQ(v.last_offset_delta(), in.last_offset_delta());
            EXPECT_EQ(v.base_timestamp(), in.base_timestamp());
            EXPECT_EQ(v.max_timestamp(), in.max_timestamp());
            EXPECT_EQ(v.producer_id(), 42);
            EXPECT_EQ(v.producer_epoch(), 3);
            EXPECT_EQ(v.base_sequence(), 17);
            EXPECT_EQ(v.records_count(), 3);
            EXPECT_EQ(plain_records(v), plain_records(in));
        }
    }
}

TEST(BatchRecompression, DecompressionIsBounded) {
    record_batch_builder b(compression_codec::zstd);
    b.add(1'700'000'000'000, "k", std::string(100'000, 'x'));
    const auto bytes = b.build().value();
    compression_limits small;
    small.max_decompressed_bytes = 1000;
    EXPECT_EQ(recompress_batch(record_batch_view(bytes), compression_codec::gzip, {}, small).error(),
              sb::error_code::message_too_large);
}

}  // namespace

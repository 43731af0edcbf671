// compression.type on the produce path: which batches are recompressed, and the size
// checks Kafka repeats after recompression.
#include "kafka/topic_compression.h"

#include <gtest/gtest.h>

#include "protocol/batch_recompression.h"
#include "protocol/record_batch_builder.h"

namespace {

using namespace sb::protocol;
using sb::error_code;
using sb::cluster::partition_config;
using sb::kafka::apply_topic_compression;

std::vector<uint8_t> batch_of(compression_codec codec, std::size_t value_bytes = 10) {
    record_batch_builder b(codec);
    b.add(1'700'000'000'000, "k", std::string(value_bytes, 'v'));
    return b.build().value();
}

partition_config with(std::optional<compression_codec> codec) {
    partition_config c;
    c.compression = codec;
    return c;
}

TEST(TopicCompression, ProducerKeepsEveryBatchAsSent) {
    for (auto codec : {compression_codec::none, compression_codec::gzip, compression_codec::zstd}) {
        auto r = apply_topic_compression(batch_of(codec), with(std::nullopt), "t-0");
        ASSERT_TRUE(r);
        EXPECT_FALSE(*r);
    }
}

TEST(TopicCompression, OnlyAnotherCodecIsRecompressed) {
    EXPECT_FALSE(*apply_topic_compression(batch_of(compression_codec::lz4), with(compression_codec::lz4), "t-0"));
    EXPECT_FALSE(*apply_topic_compression(batch_of(compression_codec::none), with(compression_codec::none), "t-0"));
    auto r = apply_topic_compression(batch_of(compression_codec::snappy), with(compression_codec::zstd), "t-0");
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(record_batch_view(**r).codec(), compression_codec::zstd);
    r = apply_topic_compression(batch_of(compression_codec::gzip), with(compression_codec::none), "t-0");
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(record_batch_view(**r).codec(), compression_codec::none);
}

// The partition's levels reach the codec: a bigger zstd level stores a smaller batch, and
// exactly the batch recompress_batch() makes at that level.
TEST(TopicCompression, RecompressesAtTheTopicsLevel) {
    record_batch_builder b(compression_codec::none);
    for (int i = 0; i < 50; ++i) b.add(1'700'000'000'000, "k", "value " + std::to_string(i * 7919) + std::string(200, 'x'));
    const auto batch = b.build().value();
    partition_config c = with(compression_codec::zstd);
    std::vector<std::size_t> sizes;
    for (int32_t level : {-50, 19}) {
        c.compression_levels.zstd = level;
        auto r = apply_topic_compression(batch, c, "t-0");
        ASSERT_TRUE(r && *r);
        const auto expected = recompress_batch(record_batch_view(batch), compression_codec::zstd, {.zstd = level},
                                               compression_limits{});
        EXPECT_EQ(**r, expected.value()) << level;
        sizes.push_back((*r)->size());
    }
    EXPECT_GT(sizes[0], sizes[1]);
}

TEST(TopicCompression, SizesAreCheckedAgainAfterRecompression) {
    const auto small = batch_of(compression_codec::zstd, 5000);  // compresses well
    partition_config c = with(compression_codec::none);
    c.log.max_message_bytes = 1000;
    ASSERT_LT(small.size(), 1000u);
    auto r = apply_topic_compression(small, c, "t-0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error_code::message_too_large);
    EXPECT_EQ(r.error().message.rfind("Message batch size is ", 0), 0u);
    EXPECT_NE(r.error().message.find("in append to partition t-0 which exceeds the maximum configured size of 1000."),
              std::string::npos);

    c.log.max_message_bytes = 1 << 20;
    c.log.segment_bytes = 1000;
    EXPECT_EQ(apply_topic_compression(small, c, "t-0").error().code, error_code::record_list_too_large);
}

}  // namespace

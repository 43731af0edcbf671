#include "protocol/compression.h"

#include <gtest/gtest.h>

#include <random>

#include "record_batch_test_util.h"

namespace {

using namespace sb::protocol;
using sb::error_code;
using sb::protocol::testing::as_string;
using sb::protocol::testing::from_hex;

constexpr std::size_t k_limit = 1 << 20;
const std::vector<compression_codec> k_codecs = {compression_codec::none, compression_codec::gzip,
                                                 compression_codec::snappy, compression_codec::lz4,
                                                 compression_codec::zstd};

// Streams written by other encoders (the gzip, lz4 and zstd command-line tools) for
// "hello hello hello".
TEST(Compression, DecodesIndependentGzip) {
    auto in = from_hex("1f8b0800000000000003cb48cdc9c957c84090008088f9e511000000");
    auto out = decompress(compression_codec::gzip, in, k_limit);
    ASSERT_TRUE(out);
    EXPECT_EQ(as_string(*out), "hello hello hello");
}

TEST(Compression, DecodesIndependentLz4FrameWithContentChecksum) {
    auto in = from_hex("04224d186440a71100008068656c6c6f2068656c6c6f2068656c6c6f0000" "0000b1cd9b87");
    auto out = decompress(compression_codec::lz4, in, k_limit);
    ASSERT_TRUE(out);
    EXPECT_EQ(as_string(*out), "hello hello hello");
}

TEST(Compression, DecodesIndependentZstd) {
    auto in = from_hex("28b52ffd04586500003068656c6c6f200100314a11a2ed1e0c");
    auto out = decompress(compression_codec::zstd, in, k_limit);
    ASSERT_TRUE(out);
    EXPECT_EQ(as_string(*out), "hello hello hello");
}

// snappy-java framing written by hand: magic, versions 1 and 1, one block of 5 bytes that
// is the raw snappy encoding of "abc" (length 3, then a 3-byte literal).
TEST(Compression, DecodesXerialFraming) {
    auto in = from_hex("82534e41505059000000000100000001" "00000005" "0308616263");
    auto out = decompress(compression_codec::snappy, in, k_limit);
    ASSERT_TRUE(out);
    EXPECT_EQ(as_string(*out), "abc");
}

TEST(Compression, DecodesRawSnappyWithoutFraming) {
    auto out = decompress(compression_codec::snappy, from_hex("0308616263"), k_limit);
    ASSERT_TRUE(out);
    EXPECT_EQ(as_string(*out), "abc");
}

TEST(Compression, SnappyWritesXerialHeader) {
    std::vector<uint8_t> out;
    ASSERT_TRUE(compress(compression_codec::snappy, from_hex("616263"), out));
    EXPECT_EQ(out, from_hex("82534e41505059000000000100000001" "00000005" "0308616263"));
}

TEST(Compression, RoundTripsLargeInputEveryCodec) {
    std::mt19937 rng(7);
    std::vector<uint8_t> input(300 * 1000);
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i % 251 < 100 ? rng() : 'z');
    for (auto codec : k_codecs) {
        std::vector<uint8_t> packed;
        ASSERT_TRUE(compress(codec, input, packed));
        auto out = decompress(codec, packed, k_limit);
        ASSERT_TRUE(out) << static_cast<int>(codec);
        EXPECT_EQ(*out, input) << static_cast<int>(codec);
    }
}

TEST(Compression, EmptyInputRoundTrips) {
    for (auto codec : k_codecs) {
        std::vector<uint8_t> packed;
        ASSERT_TRUE(compress(codec, {}, packed));
        auto out = decompress(codec, packed, k_limit);
        ASSERT_TRUE(out) << static_cast<int>(codec);
        EXPECT_TRUE(out->empty());
    }
}

TEST(Compression, BombIsRefusedByEveryCodec) {
    std::vector<uint8_t> zeros(4 << 20, 0);
    for (auto codec : k_codecs) {
        std::vector<uint8_t> packed;
        ASSERT_TRUE(compress(codec, zeros, packed));
        auto out = decompress(codec, packed, 1 << 20);
        ASSERT_FALSE(out) << static_cast<int>(codec);
        EXPECT_EQ(out.error(), error_code::message_too_large) << static_cast<int>(codec);
    }
}

TEST(Compression, ExactlyAtLimitIsAccepted) {
    std::vector<uint8_t> zeros(100000, 0);
    for (auto codec : k_codecs) {
        std::vector<uint8_t> packed;
        ASSERT_TRUE(compress(codec, zeros, packed));
        auto out = decompress(codec, packed, zeros.size());
        ASSERT_TRUE(out) << static_cast<int>(codec);
        EXPECT_EQ(out->size(), zeros.size());
        EXPECT_EQ(decompress(codec, packed, zeros.size() - 1).error(), error_code::message_too_large);
    }
}

TEST(Compression, TruncatedStreamsAreCorrupt) {
    std::vector<uint8_t> input(5000);
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i * 7);
    for (auto codec : {compression_codec::gzip, compression_codec::snappy, compression_codec::lz4,
                       compression_codec::zstd}) {
        std::vector<uint8_t> packed;
        ASSERT_TRUE(compress(codec, input, packed));
        packed.resize(packed.size() / 2);
        auto out = decompress(codec, packed, k_limit);
        ASSERT_FALSE(out) << static_cast<int>(codec);
        EXPECT_EQ(out.error(), error_code::corrupt_message) << static_cast<int>(codec);
    }
}

TEST(Compression, GarbageIsCorrupt) {
    auto garbage = from_hex("00112233445566778899aabbccddeeff");
    for (auto codec : {compression_codec::gzip, compression_codec::lz4, compression_codec::zstd}) {
        EXPECT_EQ(decompress(codec, garbage, k_limit).error(), error_code::corrupt_message)
            << static_cast<int>(codec);
    }
}

TEST(Compression, CodecBits) {
    EXPECT_EQ(codec_from_bits(4).value(), compression_codec::zstd);
    EXPECT_EQ(codec_from_bits(5).error(), error_code::unsupported_compression_type);
}

}  // namespace

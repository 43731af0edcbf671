// The codecs at Kafka's compression levels (compression.gzip.level, compression.lz4.level,
// compression.zstd.level): at each level the output is exactly what the library itself
// writes at that level with the same parameters, and the levels tested give different
// outputs, so a level that did not reach the library would fail these tests.
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "protocol/batch_recompression.h"
#include "protocol/compression.h"
#include "protocol/record_batch_builder.h"

namespace {

using namespace sb::protocol;

// About 200 KB of words drawn from a small vocabulary: compressible, but with enough
// choice that a codec's levels give outputs of different sizes. Several lz4 blocks.
std::vector<uint8_t> sample_input() {
    static const char* const words[] = {"offset", "partition", "leader", "replica", "batch", "record",
                                        "header", "segment", "index",   "fetch",   "produce", "epoch"};
    std::mt19937 rng(390);
    std::string text;
    while (text.size() < 200 * 1000) {
        text += words[rng() % std::size(words)];
        text += rng() % 5 == 0 ? std::to_string(rng() % 1000) : " ";
    }
    return {text.begin(), text.end()};
}

std::vector<uint8_t> ours(compression_codec codec, const std::vector<uint8_t>& input, compression_levels levels) {
    std::vector<uint8_t> out;
    EXPECT_TRUE(compress(codec, input, out, levels));
    return out;
}

// zlib's gzip stream at `level`: window 2^15 with the gzip wrapper (+16), memLevel 8, the
// default strategy, one deflate call.
std::vector<uint8_t> zlib_gzip(const std::vector<uint8_t>& input, int level) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::vector<uint8_t> out(deflateBound(&zs, static_cast<uLong>(input.size())));
    zs.next_in = const_cast<Bytef*>(input.data());
    zs.avail_in = static_cast<uInt>(input.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// LZ4F_compressFrame at LZ4F's `level`, with 64 KiB independent blocks.
std::vector<uint8_t> lz4f_frame(const std::vector<uint8_t>& input, int level) {
    LZ4F_preferences_t prefs{};
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.compressionLevel = level;
    std::vector<uint8_t> out(LZ4F_compressFrameBound(input.size(), &prefs));
    const std::size_t n = LZ4F_compressFrame(out.data(), out.size(), input.data(), input.size(), &prefs);
    EXPECT_FALSE(LZ4F_isError(n));
    out.resize(n);
    return out;
}

std::vector<uint8_t> zstd_frame(const std::vector<uint8_t>& input, int level) {
    std::vector<uint8_t> out(ZSTD_compressBound(input.size()));
    const std::size_t n = ZSTD_compress(out.data(), out.size(), input.data(), input.size(), level);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

TEST(CompressionLevel, RangesAndDefaultsAreKafkas) {
    EXPECT_EQ(compression_levels{}, (compression_levels{-1, 9, 3}));
    EXPECT_EQ(k_zstd_levels.min, ZSTD_minCLevel());
    EXPECT_EQ(k_zstd_levels.max, ZSTD_maxCLevel());
    EXPECT_EQ(k_zstd_levels.default_level, ZSTD_CLEVEL_DEFAULT);
    EXPECT_EQ(k_gzip_levels.default_level, Z_DEFAULT_COMPRESSION);
    EXPECT_EQ((std::pair{k_lz4_levels.min, k_lz4_levels.max}), (std::pair{1, 17}));
    for (int32_t level : {-1, 1, 5, 9}) EXPECT_TRUE(gzip_level_valid(level)) << level;
    for (int32_t level : {-2, 0, 10, INT32_MIN, INT32_MAX}) EXPECT_FALSE(gzip_level_valid(level)) << level;
}

TEST(CompressionLevel, GzipIsZlibAtTheLevel) {
    const auto input = sample_input();
    for (int32_t level : {-1, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
        EXPECT_EQ(ours(compression_codec::gzip, input, {.gzip = level}), zlib_gzip(input, level)) << level;
    }
    EXPECT_NE(zlib_gzip(input, 1).size(), zlib_gzip(input, 9).size());
    EXPECT_EQ(zlib_gzip(input, -1), zlib_gzip(input, 6));  // zlib's default is 6
}

TEST(CompressionLevel, Lz4IsLz4fAtTheLevelAndKafkasDefaultIsTheFastCompressor) {
    const auto input = sample_input();
    for (int32_t level = k_lz4_levels.min; level <= k_lz4_levels.max; ++level) {
        const int lz4f_level = level == k_lz4_levels.default_level ? 0 : level;
        EXPECT_EQ(ours(compression_codec::lz4, input, {.lz4 = level}), lz4f_frame(input, lz4f_level)) << level;
    }
    // The levels differ where lz4 says they do: 1 and 2 are its fast mode like 0, 3 to 12
    // lz4hc, and above 12 lz4hc's maximum.
    EXPECT_EQ(lz4f_frame(input, 1), lz4f_frame(input, 0));
    EXPECT_NE(lz4f_frame(input, 0).size(), lz4f_frame(input, 3).size());
    EXPECT_NE(lz4f_frame(input, 3).size(), lz4f_frame(input, 12).size());
    EXPECT_NE(lz4f_frame(input, 9).size(), lz4f_frame(input, 0).size());
    EXPECT_EQ(lz4f_frame(input, 17), lz4f_frame(input, 12));
}

TEST(CompressionLevel, ZstdIsZstdCompressAtTheLevel) {
    const auto input = sample_input();
    for (int32_t level : {k_zstd_levels.min, -5, -1, 0, 1, 3, 7, 19, k_zstd_levels.max}) {
        EXPECT_EQ(ours(compression_codec::zstd, input, {.zstd = level}), zstd_frame(input, level)) << level;
    }
    EXPECT_NE(zstd_frame(input, -5).size(), zstd_frame(input, 1).size());
    EXPECT_NE(zstd_frame(input, 1).size(), zstd_frame(input, 19).size());
    EXPECT_EQ(zstd_frame(input, 0), zstd_frame(input, 3));  // 0 is zstd's default
}

// Without levels compress() keeps what the producer-side callers (record_batch_builder)
// always wrote: each library's default.
TEST(CompressionLevel, DefaultLevelsAreTheLibrariesDefaults) {
    const auto input = sample_input();
    std::vector<uint8_t> out;
    ASSERT_TRUE(compress(compression_codec::gzip, input, out));
    EXPECT_EQ(out, zlib_gzip(input, Z_DEFAULT_COMPRESSION));
    out.clear();
    ASSERT_TRUE(compress(compression_codec::lz4, input, out));
    EXPECT_EQ(out, lz4f_frame(input, 0));
    out.clear();
    ASSERT_TRUE(compress(compression_codec::zstd, input, out));
    EXPECT_EQ(out, zstd_frame(input, ZSTD_CLEVEL_DEFAULT));
}

// recompress_batch() hands its levels to the codec: the stored records are the library's
// output at the topic's level for the producer's record bytes.
TEST(CompressionLevel, RecompressionUsesTheLevels) {
    record_batch_builder b(compression_codec::none);
    const auto text = sample_input();
    for (int i = 0; i < 20; ++i) {
        b.add(1'700'000'000'000 + i, "k" + std::to_string(i), std::string(text.begin() + i * 1000, text.begin() + (i + 1) * 1000));
    }
    const auto original = b.build().value();
    const record_batch_view in(original);
    const std::vector<uint8_t> plain(in.records_bytes().begin(), in.records_bytes().end());
    const compression_levels levels{.gzip = 1, .lz4 = 12, .zstd = 19};
    const std::pair<compression_codec, std::vector<uint8_t>> cases[] = {
        {compression_codec::gzip, zlib_gzip(plain, 1)},
        {compression_codec::lz4, lz4f_frame(plain, 12)},
        {compression_codec::zstd, zstd_frame(plain, 19)},
    };
    for (const auto& [codec, expected] : cases) {
        auto out = recompress_batch(in, codec, levels, compression_limits{});
        ASSERT_TRUE(out);
        const record_batch_view v(*out);
        EXPECT_EQ(v.codec(), codec);
        EXPECT_EQ(std::vector<uint8_t>(v.records_bytes().begin(), v.records_bytes().end()), expected);
        EXPECT_EQ(v.size_bytes(), batch_layout::records + expected.size());
        auto at_default = recompress_batch(in, codec, {}, compression_limits{});
        ASSERT_TRUE(at_default);
        EXPECT_NE(at_default->size(), out->size()) << int(codec);
    }
}

}  // namespace

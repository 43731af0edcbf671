#pragma once
// The compression codecs of Kafka record batches, both directions:
//   gzip   - a gzip stream (zlib); concatenated members are accepted when decompressing
//   snappy - snappy-java's stream framing ("xerial"): an 8-byte magic, two big-endian
//            int32 versions, then blocks of [int32 compressed length][raw snappy block].
//            A stream without the magic is read as one raw snappy block, as librdkafka does.
//   lz4    - the LZ4 frame format (magic 0x184D2204)
//   zstd   - a zstd frame; the content size may be absent (streaming producers)
//
// Compressing takes Kafka's level for the codec (its topic configs compression.gzip.level,
// compression.lz4.level and compression.zstd.level, KIP-390); snappy and none have none.
//
// Decompression never produces more than the caller's `max_output_bytes`: a stream that
// would expand beyond it (a decompression bomb) fails with message_too_large before the
// memory is allocated. Malformed input fails with corrupt_message. Functions are pure and
// thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/record_batch.h"

namespace sb::protocol {

struct compression_limits {
    // Largest decompressed size of one batch's records. Kafka bounds the compressed batch by
    // max.message.bytes (1 MiB default); 64 MiB allows a 64:1 ratio on the largest batches.
    std::size_t max_decompressed_bytes = 64 * 1024 * 1024;
};

// Kafka's valid levels of each codec (its CompressionType): [min, max], and the default.
struct compression_level_range {
    int32_t min;
    int32_t max;
    int32_t default_level;
};
// zlib's 1 (fastest) to 9 (smallest), or -1: zlib's own default (Z_DEFAULT_COMPRESSION, 6).
inline constexpr compression_level_range k_gzip_levels{1, 9, -1};
// lz4-java's 1 to 17, as Kafka bounds them. 9, Kafka's default, means lz4's fast compressor
// (Kafka keeps it for compatibility); any other level the high-compression one (lz4hc).
inline constexpr compression_level_range k_lz4_levels{1, 17, 9};
// ZSTD_minCLevel() (-ZSTD_TARGETLENGTH_MAX) to ZSTD_maxCLevel(); 0 means zstd's default, 3.
inline constexpr compression_level_range k_zstd_levels{-131072, 22, 3};

// Whether Kafka accepts `level` for gzip: 1..9 or -1.
constexpr bool gzip_level_valid(int32_t level) {
    return level == k_gzip_levels.default_level || (level >= k_gzip_levels.min && level <= k_gzip_levels.max);
}

// The level of each codec that has one; Kafka's defaults unless a topic sets others. Each
// must lie in its range above (compress() asserts it).
struct compression_levels {
    int32_t gzip = k_gzip_levels.default_level;
    int32_t lz4 = k_lz4_levels.default_level;
    int32_t zstd = k_zstd_levels.default_level;

    bool operator==(const compression_levels&) const = default;
};

// Appends the compressed form of `input` to `out`, at the level `levels` gives the codec.
// codec none copies. unsupported_compression_type for an unknown codec, unknown_server_error
// if the library fails.
status compress(compression_codec codec, std::span<const uint8_t> input, std::vector<uint8_t>& out,
                const compression_levels& levels = {});

// Returns the decompressed bytes of `input`.
result<std::vector<uint8_t>> decompress(compression_codec codec, std::span<const uint8_t> input,
                                        std::size_t max_output_bytes);

// Codec bits (0..7) to a codec; unsupported_compression_type for 5..7.
result<compression_codec> codec_from_bits(uint8_t bits);

namespace detail {
// One function per codec, in compression_framed.cc (snappy, lz4) and compression.cc (gzip, zstd).
status gzip_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level);
result<std::vector<uint8_t>> gzip_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status zstd_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level);
result<std::vector<uint8_t>> zstd_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status snappy_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
result<std::vector<uint8_t>> snappy_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status lz4_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level);
result<std::vector<uint8_t>> lz4_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
}  // namespace detail

}  // namespace sb::protocol

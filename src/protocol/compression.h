#pragma once
// The compression codecs of Kafka record batches, both directions:
//   gzip   - a gzip stream (zlib); concatenated members are accepted when decompressing
//   snappy - snappy-java's stream framing ("xerial"): an 8-byte magic, two big-endian
//            int32 versions, then blocks of [int32 compressed length][raw snappy block].
//            A stream without the magic is read as one raw snappy block, as librdkafka does.
//   lz4    - the LZ4 frame format (magic 0x184D2204)
//   zstd   - a zstd frame; the content size may be absent (streaming producers)
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

// Appends the compressed form of `input` to `out`. codec none copies.
// unsupported_compression_type for an unknown codec, unknown_server_error if the library fails.
status compress(compression_codec codec, std::span<const uint8_t> input, std::vector<uint8_t>& out);

// Returns the decompressed bytes of `input`.
result<std::vector<uint8_t>> decompress(compression_codec codec, std::span<const uint8_t> input,
                                        std::size_t max_output_bytes);

// Codec bits (0..7) to a codec; unsupported_compression_type for 5..7.
result<compression_codec> codec_from_bits(uint8_t bits);

namespace detail {
// One function per codec, in compression_framed.cc (snappy, lz4) and compression.cc (gzip, zstd).
status gzip_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
result<std::vector<uint8_t>> gzip_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status zstd_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
result<std::vector<uint8_t>> zstd_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status snappy_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
result<std::vector<uint8_t>> snappy_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
status lz4_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
result<std::vector<uint8_t>> lz4_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes);
}  // namespace detail

}  // namespace sb::protocol

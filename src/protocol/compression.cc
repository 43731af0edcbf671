#include "protocol/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cassert>

namespace sb::protocol {

namespace {
// Output grows in steps of this size, so a bomb never allocates much past the limit.
constexpr std::size_t k_output_step_bytes = 64 * 1024;

// Grows `out` by one step (never beyond max_output_bytes + 1, so that "one byte too many"
// is detectable). Returns false when the limit is already exceeded.
bool grow_output(std::vector<uint8_t>& out, std::size_t used, std::size_t max_output_bytes) {
    if (used > max_output_bytes) return false;
    std::size_t cap = max_output_bytes + 1;
    std::size_t want = std::min(cap, used + k_output_step_bytes);
    if (want <= used) return false;
    out.resize(want);
    return true;
}
}  // namespace

result<compression_codec> codec_from_bits(uint8_t bits) {
    if (bits > static_cast<uint8_t>(compression_codec::zstd)) {
        return unexpected(error_code::unsupported_compression_type);
    }
    return static_cast<compression_codec>(bits);
}

status compress(compression_codec codec, std::span<const uint8_t> input, std::vector<uint8_t>& out,
                const compression_levels& levels) {
    switch (codec) {
    case compression_codec::none: out.insert(out.end(), input.begin(), input.end()); return {};
    case compression_codec::gzip: return detail::gzip_compress(input, out, levels.gzip);
    case compression_codec::snappy: return detail::snappy_compress(input, out);
    case compression_codec::lz4: return detail::lz4_compress(input, out, levels.lz4);
    case compression_codec::zstd: return detail::zstd_compress(input, out, levels.zstd);
    }
    return unexpected(error_code::unsupported_compression_type);
}

result<std::vector<uint8_t>> decompress(compression_codec codec, std::span<const uint8_t> input,
                                        std::size_t max_output_bytes) {
    switch (codec) {
    case compression_codec::none:
        if (input.size() > max_output_bytes) return unexpected(error_code::message_too_large);
        return std::vector<uint8_t>(input.begin(), input.end());
    case compression_codec::gzip: return detail::gzip_decompress(input, max_output_bytes);
    case compression_codec::snappy: return detail::snappy_decompress(input, max_output_bytes);
    case compression_codec::lz4: return detail::lz4_decompress(input, max_output_bytes);
    case compression_codec::zstd: return detail::zstd_decompress(input, max_output_bytes);
    }
    return unexpected(error_code::unsupported_compression_type);
}

namespace detail {

status gzip_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level) {
    assert(gzip_level_valid(level));
    static_assert(k_gzip_levels.default_level == Z_DEFAULT_COMPRESSION);
    z_stream zs{};
    // windowBits 15 + 16 selects the gzip wrapper.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return unexpected(error_code::unknown_server_error);
    }
    std::size_t start = out.size();
    uLong bound = deflateBound(&zs, static_cast<uLong>(input.size()));
    out.resize(start + bound);
    zs.next_in = const_cast<Bytef*>(input.data());
    zs.avail_in = static_cast<uInt>(input.size());
    zs.next_out = out.data() + start;
    zs.avail_out = static_cast<uInt>(bound);
    int rc = deflate(&zs, Z_FINISH);
    std::size_t written = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        out.resize(start);
        return unexpected(error_code::unknown_server_error);
    }
    out.resize(start + written);
    return {};
}

result<std::vector<uint8_t>> gzip_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return unexpected(error_code::unknown_server_error);
    std::vector<uint8_t> out;
    std::size_t used = 0;
    zs.next_in = const_cast<Bytef*>(input.data());
    zs.avail_in = static_cast<uInt>(input.size());
    error_code failure = error_code::none;
    for (;;) {
        if (used == out.size() && !grow_output(out, used, max_output_bytes)) {
            failure = error_code::message_too_large;
            break;
        }
        zs.next_out = out.data() + used;
        zs.avail_out = static_cast<uInt>(out.size() - used);
        int rc = inflate(&zs, Z_NO_FLUSH);
        used = out.size() - zs.avail_out;
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) break;
            // Another gzip member follows (concatenated streams are valid gzip).
            if (inflateReset(&zs) != Z_OK) {
                failure = error_code::corrupt_message;
                break;
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {  // input ended inside the stream
            failure = error_code::corrupt_message;
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            failure = error_code::corrupt_message;
            break;
        }
    }
    inflateEnd(&zs);
    if (failure == error_code::none && used > max_output_bytes) failure = error_code::message_too_large;
    if (failure != error_code::none) return unexpected(failure);
    out.resize(used);
    return out;
}

status zstd_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level) {
    assert(level >= k_zstd_levels.min && level <= k_zstd_levels.max);
    std::size_t start = out.size();
    std::size_t bound = ZSTD_compressBound(input.size());
    out.resize(start + bound);
    std::size_t n = ZSTD_compress(out.data() + start, bound, input.data(), input.size(), level);
    if (ZSTD_isError(n)) {
        out.resize(start);
        return unexpected(error_code::unknown_server_error);
    }
    out.resize(start + n);
    return {};
}

result<std::vector<uint8_t>> zstd_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes) {
    ZSTD_DStream* ds = ZSTD_createDStream();
    if (ds == nullptr) return unexpected(error_code::unknown_server_error);
    ZSTD_initDStream(ds);
    std::vector<uint8_t> out;
    std::size_t used = 0;
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    error_code failure = error_code::none;
    std::size_t last_rc = 1;
    while (in.pos < in.size || last_rc != 0) {
        if (used == out.size() && !grow_output(out, used, max_output_bytes)) {
            failure = error_code::message_too_large;
            break;
        }
        ZSTD_outBuffer ob{out.data(), out.size(), used};
        last_rc = ZSTD_decompressStream(ds, &ob, &in);
        used = ob.pos;
        if (ZSTD_isError(last_rc)) {
            failure = error_code::corrupt_message;
            break;
        }
        // All input consumed, room left for output, frame unfinished: the stream is truncated.
        if (in.pos == in.size && ob.pos < ob.size && last_rc != 0) {
            failure = error_code::corrupt_message;
            break;
        }
    }
    ZSTD_freeDStream(ds);
    if (failure == error_code::none && used > max_output_bytes) failure = error_code::message_too_large;
    if (failure != error_code::none) return unexpected(failure);
    out.resize(used);
    return out;
}

}  // namespace detail
}  // namespace sb::protocol

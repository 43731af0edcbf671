// The two codecs with a framing of their own around a block compressor: snappy in
// snappy-java's stream framing, and the LZ4 frame format.
#include <lz4frame.h>
#include <snappy.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <memory>

#include "protocol/compression.h"

namespace sb::protocol::detail {

namespace {
// snappy-java's stream header: magic, then version and minimum compatible version (both 1).
constexpr std::array<uint8_t, 8> k_xerial_magic = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr std::size_t k_xerial_header_bytes = 16;
// snappy-java's default block size; Kafka's producer uses it too.
constexpr std::size_t k_xerial_block_bytes = 32 * 1024;

bool has_xerial_header(std::span<const uint8_t> input) {
    return input.size() >= k_xerial_header_bytes &&
           std::equal(k_xerial_magic.begin(), k_xerial_magic.end(), input.begin());
}

// Decompresses one raw snappy block, appending to out; checks the declared size first.
status snappy_block(std::span<const uint8_t> block, std::vector<uint8_t>& out, std::size_t max_output_bytes) {
    std::size_t length = 0;
    auto* src = reinterpret_cast<const char*>(block.data());
    if (!snappy::GetUncompressedLength(src, block.size(), &length)) return unexpected(error_code::corrupt_message);
    if (length > max_output_bytes - out.size()) return unexpected(error_code::message_too_large);
    std::size_t start = out.size();
    out.resize(start + length);
    if (!snappy::RawUncompress(src, block.size(), reinterpret_cast<char*>(out.data() + start))) {
        return unexpected(error_code::corrupt_message);
    }
    return {};
}

struct lz4_dctx_deleter {
    void operator()(LZ4F_dctx* c) const { LZ4F_freeDecompressionContext(c); }
};
}  // namespace

status snappy_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out) {
    out.insert(out.end(), k_xerial_magic.begin(), k_xerial_magic.end());
    uint8_t versions[8];
    store_be32(versions, 1);
    store_be32(versions + 4, 1);
    out.insert(out.end(), versions, versions + 8);
    std::size_t pos = 0;
    while (pos < input.size()) {
        std::size_t n = std::min(k_xerial_block_bytes, input.size() - pos);
        std::size_t len_at = out.size();
        out.resize(len_at + 4 + snappy::MaxCompressedLength(n));
        std::size_t written = 0;
        snappy::RawCompress(reinterpret_cast<const char*>(input.data() + pos), n,
                            reinterpret_cast<char*>(out.data() + len_at + 4), &written);
        store_be32(out.data() + len_at, static_cast<uint32_t>(written));
        out.resize(len_at + 4 + written);
        pos += n;
    }
    return {};
}

result<std::vector<uint8_t>> snappy_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes) {
    std::vector<uint8_t> out;
    if (!has_xerial_header(input)) {
        auto st = snappy_block(input, out, max_output_bytes);
        if (!st) return unexpected(st.error());
        return out;
    }
    std::size_t pos = k_xerial_header_bytes;
    while (pos < input.size()) {
        if (input.size() - pos < 4) return unexpected(error_code::corrupt_message);
        std::size_t n = load_be32(input.data() + pos);
        pos += 4;
        if (n > input.size() - pos) return unexpected(error_code::corrupt_message);
        auto st = snappy_block(input.subspan(pos, n), out, max_output_bytes);
        if (!st) return unexpected(st.error());
        pos += n;
    }
    return out;
}

status lz4_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out, int32_t level) {
    assert(level >= k_lz4_levels.min && level <= k_lz4_levels.max);
    LZ4F_preferences_t prefs{};
    // Kafka compresses its default level with lz4's fast compressor (LZ4F's level 0) and any
    // other with lz4hc at that level. LZ4F itself treats 1 and 2 as fast too and levels above
    // lz4hc's maximum (12) as 12.
    prefs.compressionLevel = level == k_lz4_levels.default_level ? 0 : level;
    // 64 KiB independent blocks: what Kafka's own LZ4 stream writes and reads.
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    std::size_t start = out.size();
    std::size_t bound = LZ4F_compressFrameBound(input.size(), &prefs);
    out.resize(start + bound);
    std::size_t n = LZ4F_compressFrame(out.data() + start, bound, input.data(), input.size(), &prefs);
    if (LZ4F_isError(n)) {
        out.resize(start);
        return unexpected(error_code::unknown_server_error);
    }
    out.resize(start + n);
    return {};
}

result<std::vector<uint8_t>> lz4_decompress(std::span<const uint8_t> input, std::size_t max_output_bytes) {
    LZ4F_dctx* raw = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
        return unexpected(error_code::unknown_server_error);
    }
    std::unique_ptr<LZ4F_dctx, lz4_dctx_deleter> ctx(raw);
    std::vector<uint8_t> out;
    std::size_t used = 0;
    std::size_t pos = 0;
    std::size_t hint = 1;
    constexpr std::size_t step_bytes = 64 * 1024;
    // Runs until the input is consumed and the frame is complete (hint 0), so output the
    // context still buffers after the last input byte is drained too.
    while (pos < input.size() || hint != 0) {
        if (used == out.size()) {
            if (used > max_output_bytes) return unexpected(error_code::message_too_large);
            out.resize(std::min(max_output_bytes + 1, used + step_bytes));
        }
        std::size_t dst_size = out.size() - used;
        std::size_t src_size = input.size() - pos;
        hint = LZ4F_decompress(ctx.get(), out.data() + used, &dst_size, input.data() + pos, &src_size, nullptr);
        if (LZ4F_isError(hint)) return unexpected(error_code::corrupt_message);
        used += dst_size;
        pos += src_size;
        if (used > max_output_bytes) return unexpected(error_code::message_too_large);
        // No progress although there was room for output: the frame was cut short.
        if (dst_size == 0 && src_size == 0 && used < out.size()) return unexpected(error_code::corrupt_message);
    }
    out.resize(used);
    return out;
}

}  // namespace sb::protocol::detail

#include "protocol/batch_recompression.h"

#include <cassert>

namespace sb::protocol {

result<std::vector<uint8_t>> recompress_batch(const record_batch_view& batch, compression_codec target,
                                              const compression_levels& levels, const compression_limits& limits) {
    auto source = codec_from_bits(batch.codec_bits());
    if (!source) return unexpected(source.error());
    std::vector<uint8_t> decompressed;
    std::span<const uint8_t> records = batch.records_bytes();
    if (*source != compression_codec::none) {
        auto d = decompress(*source, records, limits.max_decompressed_bytes);
        if (!d) return unexpected(d.error());
        decompressed = std::move(*d);
        records = decompressed;
    }
    std::vector<uint8_t> out(batch.bytes().begin(), batch.bytes().begin() + batch_layout::records);
    if (auto compressed = compress(target, records, out, levels); !compressed) return unexpected(compressed.error());
    const uint64_t batch_length = out.size() - batch_layout::log_overhead;
    if (batch_length > static_cast<uint64_t>(INT32_MAX)) return unexpected(error_code::message_too_large);
    store_be32(out.data() + batch_layout::batch_length, static_cast<uint32_t>(batch_length));
    const auto attributes = static_cast<uint16_t>((batch.attributes() & ~batch_attributes::codec_mask) |
                                                  static_cast<uint16_t>(target));
    store_be16(out.data() + batch_layout::attributes, attributes);
    store_crc(out);
    assert(record_batch_view(out).codec() == target);
    return out;
}

}  // namespace sb::protocol

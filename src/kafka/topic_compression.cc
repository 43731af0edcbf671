#include "kafka/topic_compression.h"

#include <fmt/format.h>

#include "protocol/batch_recompression.h"

namespace sb::kafka {

sb::result<std::optional<std::vector<uint8_t>>, batch_rejection> apply_topic_compression(
    std::span<const uint8_t> batch, const cluster::partition_config& config, const std::string& partition_name) {
    const protocol::record_batch_view view(batch);
    if (!config.compression || view.codec() == *config.compression) return std::optional<std::vector<uint8_t>>();
    auto recompressed = protocol::recompress_batch(view, *config.compression, config.compression_levels,
                                                  protocol::compression_limits{});
    if (!recompressed) {
        // Validation decompressed these records already, within the same bound: only a
        // codec library failure gets here.
        return sb::unexpected(batch_rejection{
            recompressed.error() == error_code::message_too_large ? error_code::invalid_record : recompressed.error(),
            fmt::format("Record batch of {} cannot be recompressed: {}", partition_name,
                        error_message(recompressed.error())),
            {}});
    }
    const std::size_t size = recompressed->size();
    if (size > config.log.max_message_bytes) {
        return sb::unexpected(batch_rejection{
            error_code::message_too_large,
            fmt::format("Message batch size is {} bytes in append to partition {} which exceeds the maximum "
                        "configured size of {}.",
                        size, partition_name, config.log.max_message_bytes),
            {}});
    }
    if (size > config.log.segment_bytes) {
        return sb::unexpected(batch_rejection{
            error_code::record_list_too_large,
            fmt::format("The record batch size in the append to {} is {} bytes which exceeds the segment size of {}.",
                        partition_name, size, config.log.segment_bytes),
            {}});
    }
    return std::optional(std::move(*recompressed));
}

}  // namespace sb::kafka

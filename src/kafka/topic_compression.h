#pragma once
// A topic's compression.type applied to a produced batch, as Kafka's LogValidator does:
//   producer (the default)              the batch is stored as the producer sent it
//   uncompressed, gzip, snappy, lz4, zstd a batch with another codec is recompressed
//                                        with this one (protocol/batch_recompression.h);
//                                        one with this codec already is stored as sent
// Recompression uses the topic's level for the codec (compression.gzip.level,
// compression.lz4.level, compression.zstd.level), parsed once with the rest of the
// partition's config; a batch that already has the topic's codec is stored as sent
// whatever level it was compressed at, as in Kafka.
// A recompressed batch is checked again against max.message.bytes (MESSAGE_TOO_LARGE, as
// Kafka re-checks sizes that recompression may have changed) and segment.bytes
// (RECORD_LIST_TOO_LARGE). Decompression is bounded as in validation (64 MiB).
//
// Pure; any thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "cluster/partition_config.h"
#include "kafka/produce_validation.h"

namespace sb::kafka {

// `batch` is one batch that validate_produced_records() accepted (without what followed
// it). nullopt: store it as it is; otherwise the bytes to store instead.
sb::result<std::optional<std::vector<uint8_t>>, batch_rejection> apply_topic_compression(
    std::span<const uint8_t> batch, const cluster::partition_config& config, const std::string& partition_name);

}  // namespace sb::kafka

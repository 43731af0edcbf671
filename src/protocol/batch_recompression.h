#pragma once
// A record batch re-encoded with another codec, for topics whose compression.type is not
// `producer` (Kafka's LogValidator recompresses such batches).
//
// A batch's records do not depend on its codec: the uncompressed record bytes are kept
// exactly, so offsets, timestamps, keys, values and headers are those the producer sent.
// Only the header's codec bits, batchLength and CRC change; every other header field
// (producer id, epoch, sequence, counts, timestamps) stays.
//
// Pure; any thread.

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "protocol/compression.h"
#include "protocol/record_batch.h"

namespace sb::protocol {

// `batch` must have passed validate_produced_batch(). The records are compressed at the
// level `levels` gives `target`. Decompression is bounded by `limits` (message_too_large
// beyond it); corrupt_message when the records do not decompress.
result<std::vector<uint8_t>> recompress_batch(const record_batch_view& batch, compression_codec target,
                                              const compression_levels& levels, const compression_limits& limits);

}  // namespace sb::protocol

#pragma once
// Stamping a produced batch for the log without copying its records: the 61-byte header
// is copied into a buffer of its own and patched there (baseOffset, partitionLeaderEpoch
// and, on LogAppendTime topics, the attributes bit, maxTimestamp and the CRC), and the
// records stay where they are, shared with the buffer they arrived in (normally the
// Produce request's frame). The request's bytes are never written to, so they may be
// shared with other readers.

#include <cstdint>

#include "base/iobuf.h"
#include "base/result.h"

namespace sb::storage {

struct batch_stamp {
    int64_t base_offset;
    int32_t leader_epoch;
    int64_t log_append_time_ms = -1;  // -1: keep the producer's timestamps (CreateTime)
};

// `batch` (any fragments) as [stamped header][records shared with `batch`].
// corrupt_message unless it holds exactly one batch with a readable header (magic 2,
// batchLength covering the header and the rest of `batch`).
result<iobuf> stamp_produced_batch(const iobuf& batch, const batch_stamp& stamp);

}  // namespace sb::storage

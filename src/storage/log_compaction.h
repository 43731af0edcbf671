#pragma once
// Compaction (cleanup.policy=compact): rewrites closed segments keeping, for every key,
// only its latest record. Offsets are preserved (batches keep their base offsets and
// lastOffsetDelta; dropped records leave gaps). Tombstones (null values) that are the
// latest for their key are kept until delete.retention.ms after their timestamp. Records
// without a key and control batches are kept.
//
// These functions do blocking I/O and run on a blocking_executor thread; the log_cleaner
// coordinates with the owning shard.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/file_system.h"
#include "storage/io_throttle.h"
#include "storage/log_config.h"
#include "storage/segment.h"

namespace sb::storage {

struct segment_ref {
    int64_t base_offset;
    uint64_t size_bytes;
};

struct cleaned_segment {
    int64_t base_offset;
    std::shared_ptr<segment_files> files;
    segment_stats stats;
};

struct compaction_outcome {
    // The rewritten segments, now on disk in place of the old: the first segments.size()
    // of those asked for (fewer when the key map filled up).
    std::vector<cleaned_segment> segments;
    uint64_t records_removed = 0;
    uint64_t bytes_before = 0;
    uint64_t bytes_after = 0;
};

// Compacts `segments` (closed, consecutive, oldest first) of the log in `dir`. The key map
// holds at most limits.cleaner_dedupe_buffer_bytes; when it fills, only the segments
// whose keys all fit are compacted. I/O is paced by `throttle`.
result<compaction_outcome> compact_segments(file_system& fs, const std::string& dir,
                                            const std::vector<segment_ref>& segments, const log_config& config,
                                            const storage_limits& limits, int64_t now_ms, io_throttle& throttle);

}  // namespace sb::storage

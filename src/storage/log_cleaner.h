#pragma once
// Runs compaction (log_compaction.h) for a partition log in the background: picks the
// closed segments, checks min.cleanable.dirty.ratio, does the I/O on the blocking
// executor at the bounded rate storage_limits::cleaner_io_max_bytes_per_second, then
// installs the rewritten segments on the owner. Appends and reads of the active segment
// never wait for it; retention and truncation into closed segments wait until it is done.
//
// Called on the log's owner thread.

#include <cstdint>
#include <functional>

#include "base/result.h"

namespace sb::storage {

class partition_log;

struct cleaning_result {
    std::size_t segments_cleaned = 0;
    uint64_t records_removed = 0;
    uint64_t bytes_before = 0;
    uint64_t bytes_after = 0;
};

class log_cleaner {
public:
    // Dirty bytes (closed segments not yet compacted) over all closed bytes; 0 when none.
    static double dirty_ratio(const partition_log& log);

    // Starts a cleaning pass when cleanup.policy includes compact, no pass is running, and
    // the dirty ratio reaches min.cleanable.dirty.ratio. Returns false (and never calls
    // `done`) when there is nothing to do; otherwise `done` runs on the owner afterwards.
    static bool maybe_clean(partition_log& log, std::function<void(result<cleaning_result>)> done);
};

}  // namespace sb::storage

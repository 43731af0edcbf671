#pragma once
// Runs compaction (log_compaction.h) for a partition log in the background: picks the
// cleanable segments, checks min.cleanable.dirty.ratio and max.compaction.lag.ms, does the I/O on the blocking
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

// Which segments a pass may clean, as Kafka's LogCleanerManager decides it.
struct cleanable_range {
    // The first offset the pass must not clean: the active segment's base, or the base of
    // the first dirty segment whose largest timestamp is younger than min.compaction.lag.ms.
    int64_t first_uncleanable_offset = 0;
    uint64_t clean_bytes = 0;  // closed segments below it already compacted
    uint64_t dirty_bytes = 0;  // closed segments below it not yet compacted
    // A dirty segment's first batch is older than max.compaction.lag.ms: clean now,
    // whatever the dirty ratio.
    bool past_max_lag = false;

    double dirty_ratio() const {
        uint64_t total = clean_bytes + dirty_bytes;
        return total == 0 ? 0.0 : static_cast<double>(dirty_bytes) / static_cast<double>(total);
    }
};

class log_cleaner {
public:
    // The segments cleanable at now_ms (the log's clock).
    static cleanable_range cleanable(const partition_log& log, int64_t now_ms);
    // Dirty bytes over all bytes of the cleanable segments now; 0 when none.
    static double dirty_ratio(const partition_log& log);

    // Starts a cleaning pass when cleanup.policy includes compact, no pass is running, and
    // the cleanable segments hold dirty bytes with the dirty ratio reaching
    // min.cleanable.dirty.ratio or a record past max.compaction.lag.ms. Returns false (and
    // never calls `done`) when there is nothing to do; otherwise `done` runs on the owner afterwards.
    static bool maybe_clean(partition_log& log, std::function<void(result<cleaning_result>)> done);
};

}  // namespace sb::storage

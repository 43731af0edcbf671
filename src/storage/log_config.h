#pragma once
// Per-topic log settings (Kafka's topic config names in the comments) and node-wide
// storage limits. Every limit has a named default.

#include <cstddef>
#include <cstdint>
#include <limits>

namespace sb::storage {

enum class cleanup_policy { delete_, compact, compact_delete };
enum class timestamp_type { create_time, log_append_time };

struct log_config {
    uint64_t segment_bytes = 1ull << 30;                          // segment.bytes
    int64_t segment_ms = 7LL * 24 * 3600 * 1000;                  // segment.ms
    uint32_t segment_index_bytes = 10 * 1024 * 1024;              // segment.index.bytes
    uint32_t index_interval_bytes = 4096;                         // index.interval.bytes
    int64_t flush_messages = std::numeric_limits<int64_t>::max(); // flush.messages
    int64_t flush_ms = std::numeric_limits<int64_t>::max();       // flush.ms
    // acks=all is acknowledged only once its bytes are fsynced (StreamBus's default; Kafka
    // relies on replication instead). Off: durability follows flush.messages/flush.ms only.
    bool fsync_before_ack = true;
    int64_t retention_ms = 7LL * 24 * 3600 * 1000;                // retention.ms (-1: no limit)
    int64_t retention_bytes = -1;                                 // retention.bytes (-1: no limit)
    cleanup_policy cleanup = cleanup_policy::delete_;             // cleanup.policy
    int64_t delete_retention_ms = 24LL * 3600 * 1000;             // delete.retention.ms
    double min_cleanable_dirty_ratio = 0.5;                       // min.cleanable.dirty.ratio
    // A record stays uncompacted at least this long after its timestamp (a segment whose
    // largest timestamp is younger is not cleaned) ...
    int64_t min_compaction_lag_ms = 0;                            // min.compaction.lag.ms
    // ... and is eligible for compaction at most this long after it, whatever the dirty ratio.
    int64_t max_compaction_lag_ms = std::numeric_limits<int64_t>::max();  // max.compaction.lag.ms
    timestamp_type message_timestamp_type = timestamp_type::create_time;  // message.timestamp.type
    uint32_t max_message_bytes = 1024 * 1024 + 12;                // max.message.bytes
};

// How long the active segment may stay open: segment.ms, or max.compaction.lag.ms when that
// is shorter and the log is compacted (Kafka's LogConfig.maxSegmentMs), so that a record
// in it can reach the cleaner within the max lag.
inline int64_t max_segment_ms(const log_config& c) {
    bool compacted = c.cleanup != cleanup_policy::delete_;
    return compacted && c.max_compaction_lag_ms > 0 && c.max_compaction_lag_ms < c.segment_ms ? c.max_compaction_lag_ms
                                                                                               : c.segment_ms;
}

// Node-wide limits shared by every partition log of a shard.
struct storage_limits {
    // Open segment files (log + indexes of non-active segments) kept in the LRU cache.
    std::size_t max_open_segments = 256;
    // Unflushed batches of the active segment kept in memory for fetches (per log), as
    // the memory they keep alive (memory_tail.h).
    std::size_t max_unflushed_tail_bytes = 4 * 1024 * 1024;
    // The same for all the logs of a shard together (memory_tail_budget.h).
    std::size_t max_shard_tail_bytes = 8 * 1024 * 1024;
    // Appends queued while the active segment is being switched (per log).
    std::size_t max_pending_append_bytes = 16 * 1024 * 1024;
    // acks=all waiters per log.
    std::size_t max_flush_waiters = 100000;
    // Compaction: bytes of key -> offset map per cleaning pass (log.cleaner.dedupe.buffer.size).
    std::size_t cleaner_dedupe_buffer_bytes = 64 * 1024 * 1024;
    // Compaction read+write rate (log.cleaner.io.max.bytes.per.second).
    uint64_t cleaner_io_max_bytes_per_second = 100ull * 1024 * 1024;
    // How often the active segment's durable prefix (and its indexes) is checkpointed, so
    // that recovery checks only the bytes after it (log.flush.offset.checkpoint.interval.ms).
    int64_t recovery_checkpoint_interval_ms = 60'000;
    // Largest batch the log accepts from a follower or reads back during recovery.
    uint32_t max_batch_bytes = 64 * 1024 * 1024;
};

}  // namespace sb::storage

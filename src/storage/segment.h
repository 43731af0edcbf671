#pragma once
// One segment of a partition log: a .log file of record batches starting at base_offset,
// with its sparse offset and time indexes (segment_index.h).
//
// Metadata (size, offsets, largest timestamp) stays in memory for every segment; the open
// file and the loaded indexes (segment_files) are present for the active segment always
// and for other segments while they are in the open_segment_cache.
//
// Owned by the partition log's shard; not thread-safe. The blocking helpers at the bottom
// run on a blocking_executor thread and touch only the objects handed to them.

#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "base/result.h"
#include "storage/batch_scan.h"
#include "storage/file_system.h"
#include "storage/log_config.h"
#include "storage/segment_index.h"

namespace sb::storage {

struct segment_stats {
    uint64_t size_bytes = 0;
    int64_t next_offset = 0;           // one past the last offset (== base when empty)
    int64_t max_timestamp = -1;        // largest batch maxTimestamp, -1 when empty
    int64_t max_timestamp_offset = -1; // base offset of the batch that has it
    int64_t first_batch_timestamp = -1; // the first batch's maxTimestamp (max.compaction.lag.ms), -1 when unknown
};

// The open handles of a segment. `log` is shared with readers (sendfile ranges), which
// keeps the descriptor valid until they are done even after the segment is closed.
struct segment_files {
    segment_files(std::shared_ptr<file> log_file, offset_index oi, time_index ti)
        : log(std::move(log_file)), offsets(std::move(oi)), times(std::move(ti)) {}
    std::shared_ptr<file> log;
    offset_index offsets;
    time_index times;
    uint64_t bytes_since_index_entry = 0;
};

class open_segment_cache;

class segment {
public:
    segment(std::string dir, int64_t base_offset, segment_stats stats, int64_t created_ms);
    ~segment();
    segment(const segment&) = delete;
    segment& operator=(const segment&) = delete;

    int64_t base_offset() const { return base_offset_; }
    const std::string& dir() const { return dir_; }
    const segment_stats& stats() const { return stats_; }
    segment_stats& mutable_stats() { return stats_; }
    int64_t created_ms() const { return created_ms_; }
    // Distinguishes this segment from a later one with the same base offset.
    uint64_t id() const { return id_; }

    bool loaded() const { return files_ != nullptr; }
    segment_files& files() { return *files_; }
    const std::shared_ptr<segment_files>& files_ptr() const { return files_; }
    void attach(std::shared_ptr<segment_files> files) { files_ = std::move(files); }
    // Hands the open files back (to be closed off the event loop).
    std::shared_ptr<segment_files> detach() { return std::move(files_); }

    // Records an appended (or rescanned) batch: stats, and an index entry every
    // index_interval_bytes. Requires loaded().
    void note_batch(const batch_info& b, uint32_t index_interval_bytes);

    // LRU bookkeeping, used only by open_segment_cache.
    open_segment_cache* cache = nullptr;
    std::list<segment*>::iterator cache_pos;

private:
    std::string dir_;
    int64_t base_offset_;
    segment_stats stats_;
    int64_t created_ms_;
    uint64_t id_;
    std::shared_ptr<segment_files> files_;
};

// Adds b to files' indexes and to stats (shared by appends and index rebuilding).
void index_batch(segment_files& files, segment_stats& stats, const batch_info& b, uint32_t index_interval_bytes);

// ---- Blocking helpers (run on a blocking_executor thread) ----

std::size_t offset_index_capacity(const log_config& config);
std::size_t time_index_capacity(const log_config& config);

// Creates empty .log, .index and .timeindex files for a new segment and fsyncs the
// directory; returns the segment's open files.
result<std::shared_ptr<segment_files>> create_segment_files(file_system& fs, const std::string& dir,
                                                            int64_t base_offset, const log_config& config);

// Opens an existing segment whose valid log is log_size_bytes long and loads its indexes,
// rebuilding them from the log (and rewriting the files) when they are missing or not
// well-formed. stats receives what the rebuild or the index says about the segment.
result<std::shared_ptr<segment_files>> load_segment_files(file_system& fs, const std::string& dir,
                                                          int64_t base_offset, uint64_t log_size_bytes,
                                                          const log_config& config, uint32_t max_batch_bytes,
                                                          segment_stats& stats);

// The first batch of the segment whose offsets reach `offset` (next_offset > offset),
// found by an index lookup and a forward scan of headers; nullopt if there is none.
result<std::optional<batch_info>> find_batch_holding(const segment_files& files, const segment_stats& stats,
                                                     int64_t offset, uint32_t max_batch_bytes);

// Cuts the segment before the batch that holds `offset` (or, in a gap, the first batch
// after it): truncates the file and the indexes and recomputes stats. Returns the new end
// offset. Runs on the owner for the active segment (ftruncate of a page-cache file) and on
// a blocking thread otherwise.
result<int64_t> truncate_segment_files(segment_files& files, segment_stats& stats, int64_t base_offset,
                                       int64_t offset, uint32_t max_batch_bytes);

// Writes both index files completely (atomically, fsynced).
status persist_indexes(file_system& fs, const std::string& dir, int64_t base_offset, const segment_files& files);

// Both indexes encoded, taken on the owner so that a blocking thread can write them while
// the owner goes on changing the live indexes.
struct index_snapshot {
    std::vector<uint8_t> offsets;
    std::vector<uint8_t> times;
};
index_snapshot snapshot_indexes(const segment_files& files);
status persist_indexes(file_system& fs, const std::string& dir, int64_t base_offset, const index_snapshot& indexes);

// Removes the .log, .index and .timeindex files of a segment.
status remove_segment_files(file_system& fs, const std::string& dir, int64_t base_offset);

}  // namespace sb::storage

#pragma once
// partition_log: the durable log of one partition - what Produce appends to, Fetch reads
// from and Raft replicates. A directory of segments (segment.h) named by base offset.
//
// Threading: a partition_log is owned by exactly one shard and is NOT thread-safe; every
// method must be called on the owner's thread. Blocking work (fsync, open, close, unlink,
// rename, directory fsync) goes to the injected blocking_executor, whose completions run
// back on the owner. pwrite/pread of batches to/from the page cache happen on the owner.
//
// Lifecycle: open() (blocking, on a blocking thread) -> hand the log to its shard ->
// appends/reads/flushes -> close() (flushes, writes the clean-shutdown marker) -> destroy
// once close's callback ran.
//
// Offsets: [log_start_offset, log_end_offset). Appends get offsets immediately. While the
// active segment is being replaced (a roll needs new files, opened off the loop) appends
// queue in memory, bounded by storage_limits::max_pending_append_bytes; if the new segment
// cannot be created they fail and their offsets are reused.
//
// Durability: flushed_offset() is the first offset not yet fsynced. wait_flushed() calls
// back when an offset is durable; with log_config::fsync_before_ack it starts a flush at
// once. Concurrent waiters share one fsync (group commit): while a flush runs, later
// requests wait for it and the next flush covers them all. flush.messages and flush.ms
// (checked by tick()) start flushes too.
//
//   written:   [ .... fsynced ..... | .... page cache only .... | queued (segment switch) ]
//              ^log_start           ^flushed_offset             ^written end  ^log_end_offset

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/iobuf.h"
#include "base/result.h"
#include "storage/blocking_executor.h"
#include "storage/clock.h"
#include "storage/file_system.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_config.h"
#include "storage/memory_tail.h"
#include "storage/memory_tail_budget.h"
#include "storage/open_segment_cache.h"
#include "storage/partition_state.h"
#include "storage/segment.h"

namespace sb::storage {

struct log_dependencies {
    std::shared_ptr<file_system> fs;
    blocking_executor* executor = nullptr;
    const clock* clk = nullptr;
    open_segment_cache* cache = nullptr;  // shared by the shard's logs
    storage_limits limits;
    // Shared by the shard's logs: bounds their memory tails together. Null: each log is
    // bounded by storage_limits::max_unflushed_tail_bytes only.
    memory_tail_budget* tail_budget = nullptr;
};

struct append_result {
    int64_t base_offset;
    int64_t last_offset;
    int64_t log_append_time_ms;  // -1 unless the topic uses LogAppendTime
};

// A part of a segment file, for sendfile(2): the file stays open while this is held.
struct file_range {
    std::shared_ptr<file> source;
    uint64_t position;
    uint64_t size_bytes;
};

// Whole batches, in order: first `ranges` (from files), then `memory` (unflushed batches
// still held in memory). Empty when there is nothing at or after the offset yet.
struct read_result {
    std::vector<file_range> ranges;
    iobuf memory;
    int64_t next_offset = 0;  // offset after the last batch returned
    uint64_t size_bytes = 0;
};

struct found_timestamp {
    int64_t offset;
    int64_t timestamp_ms;
};

class log_cleaner;

class partition_log {
public:
    using status_callback = std::function<void(status)>;
    using read_callback = std::function<void(result<read_result>)>;

    // Opens the log in `dir` (creating it when missing) and recovers it: segments at or
    // after the recovery point are checked batch by batch and cut at the first invalid byte
    // unless the clean-shutdown marker is present; missing or damaged indexes are rebuilt.
    // Blocking: call on a blocking thread.
    static result<std::unique_ptr<partition_log>> open(std::string dir, log_config config, log_dependencies deps);
    ~partition_log();
    partition_log(const partition_log&) = delete;
    partition_log& operator=(const partition_log&) = delete;

    // ---- Appends ----
    // As leader: assigns offsets (patching baseOffset), stamps partitionLeaderEpoch and,
    // with LogAppendTime, the append time. The batch must have passed
    // protocol::validate_produced_batch. Errors: corrupt_message (unreadable batch),
    // message_too_large (over max.message.bytes), kafka_storage_error (the write failed;
    // the log is unchanged), request_timed_out (the pending-append queue is full).
    result<append_result> append_as_leader(iobuf batch, int32_t leader_epoch);
    // As follower: the batch keeps its offsets and must start at or after log_end_offset.
    // Checked as stored data (CRC). offset_out_of_range if it starts before the end.
    result<append_result> append_at(iobuf batch);

    // ---- Durability ----
    // Calls `done` once every offset <= `offset` is fsynced (ok) or the data was lost
    // (kafka_storage_error). May call it before returning.
    void wait_flushed(int64_t offset, status_callback done);
    // Starts a flush of everything written (joins a running one).
    void flush();
    int64_t flushed_offset() const { return flushed_offset_; }
    // Called whenever flushed_offset() advances (Raft's "flushed up to" notification).
    void set_flush_listener(std::function<void(int64_t flushed_offset)> listener) {
        flush_listener_ = std::move(listener);
    }
    // Time-driven work: flush.ms and recovery checkpoints
    // (storage_limits::recovery_checkpoint_interval_ms). Call periodically (e.g. every 100 ms).
    void tick();

    // ---- Reads ----
    // Whole batches starting with the one that holds `offset`, up to max_bytes (at least one
    // batch), not past max_offset, from one segment. offset_out_of_range outside
    // [log_start_offset, log_end_offset]. `done` may run before read() returns (when the
    // files are open) or later (after opening them off the loop).
    void read(int64_t offset, std::size_t max_bytes, read_callback done,
              int64_t max_offset = std::numeric_limits<int64_t>::max());
    // The earliest record whose timestamp is >= timestamp_ms (ListOffsets); nullopt if none.
    void find_offset_by_timestamp(int64_t timestamp_ms,
                                  std::function<void(result<std::optional<found_timestamp>>)> done);

    // ---- Truncation and retention ----
    // Removes offsets >= `offset` (a follower whose log diverged). A batch that holds
    // `offset` is removed whole. `done` may run before returning.
    void truncate_to(int64_t offset, status_callback done);
    // DeleteRecords: moves the log start offset forward (never backward, never past the
    // end) and deletes segments wholly below it. offset_out_of_range if offset > end.
    status delete_records(int64_t offset);
    // The same, then calls `done` once the log start offset it leaves is durable in
    // partition.state (written on the executor), so that a restart keeps it.
    void delete_records(int64_t offset, status_callback done);
    // retention.ms / retention.bytes (with cleanup.policy delete or compact,delete):
    // deletes whole old segments, never the active one. Returns how many were deleted.
    std::size_t apply_retention();

    // ---- Offsets and state ----
    int64_t log_start_offset() const { return log_start_offset_; }
    int64_t log_end_offset() const { return next_offset_; }
    const leader_epoch_cache& epochs() const { return epochs_; }
    epoch_end_offset end_offset_for_epoch(int32_t epoch) const { return epochs_.end_offset_for(epoch, next_offset_); }
    uint64_t size_bytes() const;
    std::size_t segment_count() const { return segments_.size(); }
    std::vector<int64_t> segment_base_offsets() const;
    const log_config& config() const { return config_; }
    void set_config(const log_config& config) { config_ = config; }
    const std::string& dir() const { return dir_; }
    // True after open() found the clean-shutdown marker and skipped the recovery scan.
    bool recovered_cleanly() const { return recovered_cleanly_; }
    // Memory the unflushed tail kept for reads holds (memory_tail.h); 0 once all is fsynced.
    std::size_t memory_tail_bytes() const { return tail_.charged_bytes(); }
    // Appends queued while the active segment is switched; 0 otherwise.
    std::size_t pending_append_bytes() const { return pending_bytes_; }

    // Flushes everything, persists indexes and state and writes the clean-shutdown marker,
    // after any segment switch or compaction pass in flight. No appends may be made
    // afterwards.
    void close(status_callback done);

private:
    friend class log_cleaner;
    struct pending_append {
        iobuf bytes;
        batch_info info;
    };

    partition_log(std::string dir, log_config config, log_dependencies deps);

    // open / recovery (partition_log_open.cc)
    status recover(bool clean);
    // appends (partition_log_append.cc)
    result<append_result> append_prepared(iobuf&& bytes, batch_info info);
    bool needs_roll(const batch_info& b) const;
    status write_now(pending_append& p);
    void start_roll();
    void finish_roll(uint64_t generation, result<std::shared_ptr<segment_files>> created, int64_t new_base);
    void drain_pending();
    void fail_pending(error_code e);
    // durability (partition_log_flush.cc)
    void maybe_flush_by_policy();
    void maybe_checkpoint();
    void on_flushed(uint64_t generation, int64_t target, uint64_t target_position, uint64_t segment_id, status st);
    void advance_flushed(int64_t offset);
    void fail_waiters_from(int64_t offset, error_code e);
    void save_state();
    // A job that, holding the log's file-write lock (index and state files are written from
    // several executor threads), runs `first` and then writes `state` unless a newer
    // snapshot is already on disk. With skip_first_if_stale, `first` is skipped as well
    // then: it belongs to that older snapshot.
    std::function<status()> state_write_job(partition_state state, std::function<status()> first = {},
                                            bool skip_first_if_stale = false);
    partition_state current_state() const;
    // reads (partition_log_read.cc)
    segment* segment_for(int64_t offset);
    void with_loaded(segment& s, std::function<void(status, segment*)> fn);
    result<read_result> read_loaded(segment& s, int64_t offset, std::size_t max_bytes, int64_t max_offset);
    // truncation (partition_log_truncate.cc)
    void remove_segment(std::map<int64_t, std::unique_ptr<segment>>::iterator it);
    void truncate_active(int64_t offset, status_callback done);
    void truncate_into_older_segment(segment& target, int64_t offset, status_callback done);
    void truncate_within_active(int64_t offset, status_callback done);
    // Offsets, epochs, waiters and the memory tail after the active segment was cut at `cut`.
    void after_cut(int64_t cut);
    // Deletes the oldest segments wholly below the log start offset and, when asked, those
    // that retention.ms / retention.bytes let go.
    std::size_t remove_old_segments(bool apply_retention_limits);

    std::string dir_;
    log_config config_;
    log_dependencies deps_;
    std::map<int64_t, std::unique_ptr<segment>> segments_;
    segment* active_ = nullptr;
    leader_epoch_cache epochs_;
    int64_t log_start_offset_ = 0;
    int64_t next_offset_ = 0;      // log end: the next offset to assign
    int64_t written_offset_ = 0;   // end of what is written to the page cache
    int64_t flushed_offset_ = 0;   // end of what is fsynced
    int64_t recovery_point_ = 0;      // base of the segment whose prefix is checkpointed
    uint64_t recovery_position_ = 0;  // checkpointed durable bytes of that segment
    uint64_t flushed_position_ = 0;   // fsynced bytes of the active segment
    int64_t last_checkpoint_ms_ = 0;
    int64_t cleaner_checkpoint_ = 0;
    bool recovered_cleanly_ = false;
    bool closed_ = false;

    // Segment switch: a roll, a truncation into an older segment, or a truncation that
    // first lowers the recovery checkpoint. Appends queue meanwhile.
    bool switching_ = false;
    uint64_t switch_generation_ = 0;
    std::list<pending_append> pending_;  // a list: nothing allocated while empty
    std::size_t pending_bytes_ = 0;

    // Unflushed batches of the active segment kept for reads, oldest first.
    memory_tail tail_;

    // Group commit.
    bool flush_in_flight_ = false;
    bool flush_again_ = false;
    uint64_t truncation_generation_ = 0;  // flushes started before a truncation prove nothing
    int64_t unflushed_messages_ = 0;
    int64_t first_unflushed_ms_ = -1;
    std::multimap<int64_t, status_callback> flush_waiters_;
    std::function<void(int64_t)> flush_listener_;

    // Partition state writes may run on several executor threads; the writer serialises
    // them and never lets an older snapshot overwrite a newer one.
    struct state_writer;
    std::shared_ptr<state_writer> state_writer_;
    uint64_t state_seq_ = 0;

    // Compaction in progress (log_cleaner): segments are neither removed nor reloaded
    // while their files are being swapped.
    bool cleaning_ = false;
    std::set<int64_t> cleaning_bases_;

    // Shared with callbacks queued on the executor, which check it before touching `this`.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sb::storage

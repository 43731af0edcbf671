#pragma once
// partition: one partition hosted by this broker, on its owner shard - the partition log
// plus what the Kafka data path keeps beside it: idempotent producer state, the largest
// timestamp (ListOffsets MAX_TIMESTAMP), the fetches waiting for new data, and the
// numbers behind its metrics.
//
// Threading: owned by exactly one shard (cluster::owner_shard) and used only on its event
// loop; nothing here is thread-safe except `gauges()`, whose atomics are read by the
// metrics scrape from any thread.
//
// Lifecycle: made by the partition manager once the log is open and the producer state is
// rebuilt (start-up or topic creation); close() flushes and snapshots it before the
// broker stops or the topic is deleted.
//
// Single node for now: the leader epoch is 0 and the high watermark is the log end. With
// Raft the epoch becomes the term and the high watermark the commit index.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>

#include "base/iobuf.h"
#include "base/metrics.h"
#include "base/result.h"
#include "cluster/partition_config.h"
#include "cluster/partition_id.h"
#include "cluster/producer_snapshot.h"
#include "cluster/producer_state.h"
#include "protocol/record_batch.h"
#include "storage/blocking_executor.h"
#include "storage/partition_log.h"

namespace sb::cluster {

// Leader epoch of every partition until replication assigns Raft terms.
constexpr int32_t k_single_node_leader_epoch = 0;

// Counters shared by the partitions of one topic (registered when the topic appears).
struct topic_counters {
    metrics::counter* bytes_in = nullptr;
    metrics::counter* records_in = nullptr;
    metrics::counter* bytes_out = nullptr;
    metrics::counter* records_out = nullptr;
};

// Sizes published for the metrics scrape (updated by tick()).
struct partition_gauges {
    std::atomic<uint64_t> log_size_bytes{0};
    std::atomic<uint64_t> log_segments{0};
};

// What Produce needs to know about a validated batch before it is appended.
struct produced_batch {
    int64_t producer_id = -1;  // -1: not idempotent
    int16_t producer_epoch = -1;
    int32_t base_sequence = -1;
    int32_t last_offset_delta = 0;
    int32_t records_count = 0;
    int64_t max_timestamp_ms = -1;  // the batch header's maxTimestamp
    int32_t size_bytes = 0;         // the batch's length on the wire (12 + batchLength)
};

struct append_outcome {
    int64_t base_offset = -1;
    int64_t last_offset = -1;
    int64_t log_append_time_ms = -1;
    bool duplicate = false;  // a retry of an appended batch: nothing was appended
};

struct append_error {
    error_code code = error_code::none;
    std::string message;
};

struct partition_options {
    std::size_t max_producers = 10000;            // idempotent producers remembered
    int64_t producer_id_expiration_ms = 86400000;  // producer.id.expiration.ms
};

class partition {
public:
    using waiter_id = uint64_t;

    partition(partition_id id, std::string topic, std::filesystem::path dir, std::unique_ptr<storage::partition_log> log,
              partition_config config, partition_options options, topic_counters counters,
              const producer_snapshot& recovered);
    partition(const partition&) = delete;
    partition& operator=(const partition&) = delete;

    const partition_id& id() const { return id_; }
    const std::string& topic() const { return topic_; }
    const std::filesystem::path& dir() const { return dir_; }
    const partition_config& config() const { return config_; }
    // A change of the topic's configs: Produce's checks, the next append and the next
    // retention or compaction pass use `config` from now on.
    void set_config(const partition_config& config);
    storage::partition_log& log() { return *log_; }
    const topic_counters& counters() const { return counters_; }
    const std::shared_ptr<partition_gauges>& gauges() const { return gauges_; }

    int32_t leader_epoch() const { return k_single_node_leader_epoch; }
    int64_t high_watermark() const { return log_->log_end_offset(); }
    int64_t log_start_offset() const { return log_->log_start_offset(); }
    // Largest timestamp in the log and the base offset of its batch; -1 when none.
    int64_t max_timestamp_ms() const { return max_timestamp_ms_; }
    int64_t max_timestamp_offset() const { return max_timestamp_offset_; }

    // Appends a batch that passed Produce's validation: checks its producer's sequence,
    // answers a retry with the original offsets, appends, records the producer's batch
    // and wakes the waiting fetches. Errors: the producer's (OUT_OF_ORDER_SEQUENCE_NUMBER,
    // INVALID_PRODUCER_EPOCH) or the log's (storage.h).
    sb::result<append_outcome, append_error> append(iobuf batch, const produced_batch& summary, int64_t now_ms);

    // Calls `wake` once the high watermark passes `known_end_offset` (at once, before
    // returning, when it already has). The id cancels it.
    waiter_id wait_for_data(int64_t known_end_offset, std::function<void()> wake);
    void cancel_wait(waiter_id id);
    std::size_t waiting() const { return waiters_.size(); }

    // Periodic work: flush.ms, retention, compaction, producer expiry, gauges, and a
    // producer snapshot when producers changed (after fsyncing what it covers).
    void tick(int64_t now_ms, storage::blocking_executor& executor);

    // Flushes and closes the log, writes the producer snapshot, then calls `done` (on
    // this shard). Every waiting fetch is woken. No other call may follow.
    void close(storage::blocking_executor& executor, std::function<void()> done);

    // The snapshot of the current state, as it would be saved now.
    producer_snapshot snapshot() const;
    // Replaying the log after a snapshot: applies one stored batch's header.
    void replay_batch(const protocol::record_batch_view& header, int64_t now_ms);

private:
    void note_appended(int64_t base_offset, int64_t max_timestamp_ms);
    void wake_waiters();
    void maybe_snapshot(storage::blocking_executor& executor);
    // A job for the executor that saves `s` unless a later snapshot was saved already.
    // `seq` is taken when the state is captured (++snapshot_seq_).
    std::function<void()> snapshot_job(uint64_t seq, producer_snapshot s);

    partition_id id_;
    std::string topic_;
    std::filesystem::path dir_;
    std::unique_ptr<storage::partition_log> log_;
    partition_config config_;
    partition_options options_;
    topic_counters counters_;
    std::shared_ptr<partition_gauges> gauges_ = std::make_shared<partition_gauges>();
    producer_state producers_;
    int64_t max_timestamp_ms_ = -1;
    int64_t max_timestamp_offset_ = -1;
    bool producers_changed_ = false;
    bool snapshot_in_flight_ = false;
    bool closing_ = false;
    int64_t last_maintenance_ms_ = 0;
    // Snapshot writes may run on several executor threads; they are serialised and an
    // older one never overwrites a newer one.
    struct snapshot_writer;
    std::shared_ptr<snapshot_writer> snapshot_writer_;
    uint64_t snapshot_seq_ = 0;
    std::map<waiter_id, std::function<void()>> waiters_;
    waiter_id next_waiter_id_ = 1;
    // Shared with callbacks queued on the executor, which check it before touching `this`.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sb::cluster

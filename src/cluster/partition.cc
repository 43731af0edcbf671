#include "cluster/partition.h"

#include <cassert>

#include "base/log_context.h"
#include "base/logging.h"
#include "storage/log_cleaner.h"

namespace sb::cluster {
namespace {

// Retention, compaction, producer expiry and snapshots run at most this often; tick()
// itself comes more often, for flush.ms.
constexpr int64_t k_maintenance_interval_ms = 5000;

}  // namespace

struct partition::snapshot_writer {
    std::mutex mutex;
    uint64_t last_written_seq = 0;
};

partition::partition(partition_id id, std::string topic, std::filesystem::path dir,
                     std::unique_ptr<storage::partition_log> log, partition_config config, partition_options options,
                     topic_counters counters, const producer_snapshot& recovered)
    : id_(id),
      topic_(std::move(topic)),
      dir_(std::move(dir)),
      log_(std::move(log)),
      config_(config),
      options_(options),
      counters_(counters),
      producers_(options.max_producers),
      max_timestamp_ms_(recovered.max_timestamp_ms),
      max_timestamp_offset_(recovered.max_timestamp_offset) {
    assert(log_ != nullptr);
    assert(counters_.bytes_in && counters_.records_in && counters_.bytes_out && counters_.records_out);
    snapshot_writer_ = std::make_shared<snapshot_writer>();
    producers_.restore(recovered.producers);
    gauges_->log_size_bytes.store(log_->size_bytes(), std::memory_order_relaxed);
    gauges_->log_segments.store(log_->segment_count(), std::memory_order_relaxed);
}

sb::result<append_outcome, append_error> partition::append(iobuf batch, const produced_batch& summary,
                                                           int64_t now_ms) {
    assert(!closing_);
    const bool idempotent = summary.producer_id >= 0;
    int32_t last_sequence = -1;
    if (idempotent) {
        last_sequence = last_sequence_of(summary.base_sequence, summary.last_offset_delta);
        auto checked = producers_.check(summary.producer_id, summary.producer_epoch, summary.base_sequence, last_sequence);
        if (!checked) return sb::unexpected(append_error{checked.error().code, std::move(checked.error().message)});
        if (*checked) {
            const producer_batch& original = **checked;
            return append_outcome{original.first_offset, original.last_offset, original.max_timestamp_ms, true};
        }
    }
    const std::size_t size_bytes = batch.size_bytes();
    auto appended = log_->append_as_leader(std::move(batch), leader_epoch());
    if (!appended) return sb::unexpected(append_error{appended.error(), std::string(error_message(appended.error()))});
    const int64_t stamped_ms = appended->log_append_time_ms;
    // The batch's max timestamp as stored: the append time on LogAppendTime topics.
    const int64_t stored_max_timestamp_ms = stamped_ms >= 0 ? stamped_ms : summary.max_timestamp_ms;
    note_appended(appended->base_offset, stored_max_timestamp_ms);
    if (idempotent) {
        // A retry is answered with this timestamp as its append time, as Kafka does.
        producers_.record(summary.producer_id, summary.producer_epoch,
                          producer_batch{summary.base_sequence, last_sequence, appended->base_offset,
                                         appended->last_offset, stored_max_timestamp_ms},
                          now_ms);
        producers_changed_ = true;
    }
    counters_.bytes_in->inc(size_bytes);
    counters_.records_in->inc(static_cast<uint64_t>(summary.records_count));
    wake_waiters();
    return append_outcome{appended->base_offset, appended->last_offset, stamped_ms, false};
}

void partition::note_appended(int64_t base_offset, int64_t max_timestamp_ms) {
    if (max_timestamp_ms > max_timestamp_ms_) {
        max_timestamp_ms_ = max_timestamp_ms;
        max_timestamp_offset_ = base_offset;
    }
}

partition::waiter_id partition::wait_for_data(int64_t known_end_offset, std::function<void()> wake) {
    if (closing_ || high_watermark() > known_end_offset) {
        wake();
        return 0;
    }
    const waiter_id id = next_waiter_id_++;
    waiters_.emplace(id, std::move(wake));
    return id;
}

void partition::cancel_wait(waiter_id id) { waiters_.erase(id); }

void partition::wake_waiters() {
    if (waiters_.empty()) return;
    auto woken = std::move(waiters_);
    waiters_.clear();
    for (auto& [id, wake] : woken) wake();
}

void partition::replay_batch(const protocol::record_batch_view& header, int64_t now_ms) {
    note_appended(header.base_offset(), header.max_timestamp());
    if (header.producer_id() < 0 || header.is_control() || header.base_sequence() < 0) return;
    producer_batch b{header.base_sequence(), last_sequence_of(header.base_sequence(), header.last_offset_delta()),
                     header.base_offset(), header.last_offset(), header.max_timestamp()};
    // When a replayed batch was appended is not known. It counts as used at start-up: its
    // own timestamp is the client's CreateTime, which may be years old and would expire
    // the producer at the first maintenance tick, after which its retries of batches
    // stored before the crash would be appended again.
    producers_.record(header.producer_id(), header.producer_epoch(), b, now_ms);
}

producer_snapshot partition::snapshot() const {
    producer_snapshot s;
    s.log_end_offset = log_->log_end_offset();
    s.max_timestamp_ms = max_timestamp_ms_;
    s.max_timestamp_offset = max_timestamp_offset_;
    s.producers = producers_.entries();
    return s;
}

void partition::tick(int64_t now_ms, storage::blocking_executor& executor) {
    if (closing_) return;
    log_->tick();
    if (now_ms - last_maintenance_ms_ < k_maintenance_interval_ms) return;
    last_maintenance_ms_ = now_ms;
    log_->apply_retention();
    (void)storage::log_cleaner::maybe_clean(
        *log_, [dir = dir_, topic = topic_, index = id_.partition](sb::result<storage::cleaning_result> r) {
            if (!r) {
                logging::log_about(*logging::get("cluster"), spdlog::level::warn, {topic, index, {}},
                                   "{}: compaction failed: {}", dir.string(), error_name(r.error()));
                return;
            }
            // Operators (and tests) see that a pass ran and what it did.
            logging::log_about(*logging::get("cluster"), spdlog::level::info, {topic, index, {}},
                               "partition {}-{} compaction pass: {} segment(s) cleaned, {} record(s) removed, "
                               "{} -> {} bytes",
                               topic, index, r->segments_cleaned, r->records_removed, r->bytes_before, r->bytes_after);
        });
    if (producers_.expire(now_ms, options_.producer_id_expiration_ms) > 0) {
        producers_changed_ = true;
    }
    gauges_->log_size_bytes.store(log_->size_bytes(), std::memory_order_relaxed);
    gauges_->log_segments.store(log_->segment_count(), std::memory_order_relaxed);
    maybe_snapshot(executor);
}

void partition::maybe_snapshot(storage::blocking_executor& executor) {
    if (!producers_changed_ || snapshot_in_flight_) return;
    producers_changed_ = false;
    snapshot_in_flight_ = true;
    auto captured = std::make_shared<producer_snapshot>(snapshot());
    const uint64_t seq = ++snapshot_seq_;
    // Only offsets already on disk may be described: wait for the flush that covers them.
    log_->wait_flushed(captured->log_end_offset - 1, [this, alive = std::weak_ptr<bool>(alive_), &executor,
                                                        captured, seq](sb::status flushed) {
        if (alive.expired()) return;
        if (!flushed) {
            snapshot_in_flight_ = false;
            producers_changed_ = true;  // try again later
            return;
        }
        executor.submit(snapshot_job(seq, std::move(*captured)), [this, alive] {
                            if (!alive.expired()) snapshot_in_flight_ = false;
                        });
    });
    log_->flush();
}

std::function<void()> partition::snapshot_job(uint64_t seq, producer_snapshot s) {
    return [writer = snapshot_writer_, seq, dir = dir_, s = std::move(s)] {
        std::lock_guard lock(writer->mutex);
        if (seq <= writer->last_written_seq) return;
        if (save_producer_snapshot(dir, s)) writer->last_written_seq = seq;
    };
}

void partition::close(storage::blocking_executor& executor, std::function<void()> done) {
    assert(!closing_);
    closing_ = true;
    wake_waiters();
    log_->close([this, &executor, done = std::move(done)](sb::status closed) mutable {
        if (!closed) {
            logging::log_about(*logging::get("cluster"), spdlog::level::err, {topic_, id_.partition, {}},
                               "{}: closing the log failed: {}", dir_.string(), error_name(closed.error()));
            done();
            return;
        }
        executor.submit(snapshot_job(++snapshot_seq_, snapshot()), std::move(done));
    });
}

void partition::set_config(const partition_config& config) {
    config_ = config;
    log_->set_config(config.log);
}

}  // namespace sb::cluster

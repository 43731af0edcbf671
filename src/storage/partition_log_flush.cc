// Durability: group commit of fsyncs, flush.messages / flush.ms, acks=all waiters, and
// the serialised writes of the partition state file.
#include <cassert>
#include <mutex>

#include "base/logging.h"
#include "storage/partition_log.h"

namespace sb::storage {

struct partition_log::state_writer {
    std::mutex mu;
    uint64_t written_seq = 0;
};

std::function<status()> partition_log::state_write_job(partition_state state, std::function<status()> first,
                                                       bool skip_first_if_stale) {
    if (!state_writer_) state_writer_ = std::make_shared<state_writer>();
    uint64_t seq = ++state_seq_;
    return [writer = state_writer_, fs = deps_.fs, dir = dir_, state = std::move(state), seq, first = std::move(first),
            skip_first_if_stale]() -> status {
        std::lock_guard lock(writer->mu);
        const bool stale = seq <= writer->written_seq;  // a newer snapshot is on disk already
        if (first && !(stale && skip_first_if_stale)) {
            if (auto st = first(); !st) return st;
        }
        if (stale) return {};
        if (auto st = save_partition_state(fs, dir, state); !st) return st;
        writer->written_seq = seq;
        return {};
    };
}

void partition_log::save_state() {
    auto job = state_write_job(current_state());
    deps_.executor->submit([job = std::move(job)] {
        if (!job()) logging::get("storage")->error("partition state write failed");
    }, {});
}

void partition_log::wait_flushed(int64_t offset, status_callback done) {
    if (offset < flushed_offset_) {
        done({});
        return;
    }
    if (flush_waiters_.size() >= deps_.limits.max_flush_waiters) {
        done(unexpected(error_code::request_timed_out));
        return;
    }
    flush_waiters_.emplace(offset, std::move(done));
    if (config_.fsync_before_ack) flush();
}

void partition_log::flush() {
    if (closed_) return;
    if (flush_in_flight_) {
        flush_again_ = true;  // the running fsync may have missed later writes
        return;
    }
    if (written_offset_ <= flushed_offset_) return;  // queued appends are flushed by their segment switch
    if (!active_->loaded()) {
        flush_again_ = true;  // a truncation is opening the active segment; flush after it
        return;
    }
    flush_in_flight_ = true;
    flush_again_ = false;
    int64_t target = written_offset_;
    uint64_t target_position = active_->stats().size_bytes;
    uint64_t segment_id = active_->id();
    uint64_t generation = truncation_generation_;
    unflushed_messages_ = 0;
    first_unflushed_ms_ = -1;
    auto log_file = active_->files().log;
    auto st = std::make_shared<status>();
    deps_.executor->submit([log_file, st] { *st = log_file->sync(); },
                           [this, alive = std::weak_ptr<bool>(alive_), generation, target, target_position,
                            segment_id, st] {
                               if (alive.expired()) return;
                               on_flushed(generation, target, target_position, segment_id, *st);
                           });
}

void partition_log::on_flushed(uint64_t generation, int64_t target, uint64_t target_position, uint64_t segment_id,
                               status st) {
    flush_in_flight_ = false;
    if (generation != truncation_generation_) {
        // The log was truncated while this fsync ran: it proves nothing about what is there now.
        if (flush_again_ || !flush_waiters_.empty()) flush();
        return;
    }
    if (!st) {
        // After a failed fsync the page cache may never reach the disk: drop what is not
        // known to be durable, so nothing is served that a restart could lose.
        logging::get("storage")->error("{}: fsync failed; truncating to {}", dir_, flushed_offset_);
        int64_t keep = flushed_offset_;
        fail_waiters_from(keep, error_code::kafka_storage_error);
        truncate_to(keep, [](status) {});
        return;
    }
    if (active_->id() == segment_id) flushed_position_ = std::max(flushed_position_, target_position);
    advance_flushed(target);
    bool waiting = !flush_waiters_.empty() && flush_waiters_.begin()->first < written_offset_;
    if (flush_again_ || (config_.fsync_before_ack && waiting)) flush();
}

void partition_log::advance_flushed(int64_t offset) {
    if (offset <= flushed_offset_) return;
    flushed_offset_ = offset;
    tail_.drop_below(flushed_offset_);
    // Callbacks may append or wait again: take each waiter out before calling it.
    while (!flush_waiters_.empty() && flush_waiters_.begin()->first < flushed_offset_) {
        auto cb = std::move(flush_waiters_.begin()->second);
        flush_waiters_.erase(flush_waiters_.begin());
        cb({});
    }
    if (flush_listener_) flush_listener_(flushed_offset_);
}

void partition_log::fail_waiters_from(int64_t offset, error_code e) {
    std::vector<status_callback> failed;
    for (auto it = flush_waiters_.lower_bound(offset); it != flush_waiters_.end();) {
        failed.push_back(std::move(it->second));
        it = flush_waiters_.erase(it);
    }
    for (auto& cb : failed) cb(unexpected(e));
}

void partition_log::maybe_flush_by_policy() {
    if (unflushed_messages_ >= config_.flush_messages) flush();
}

void partition_log::tick() {
    if (closed_) return;
    if (first_unflushed_ms_ >= 0 && deps_.clk->now_ms() - first_unflushed_ms_ >= config_.flush_ms) flush();
    maybe_checkpoint();
}

void partition_log::maybe_checkpoint() {
    const int64_t now = deps_.clk->now_ms();
    if (switching_ || now - last_checkpoint_ms_ < deps_.limits.recovery_checkpoint_interval_ms) return;
    if (active_->base_offset() != recovery_point_ || flushed_position_ <= recovery_position_) return;
    last_checkpoint_ms_ = now;
    // The indexes up to the durable end, then the state that trusts them: a crash between
    // the two leaves newer index files, which recovery cuts back to the checkpoint.
    const segment_files& f = active_->files();
    auto indexes = std::make_shared<index_snapshot>(
        index_snapshot{f.offsets.encode_below_position(flushed_position_), f.times.encode_below_offset(flushed_offset_)});
    recovery_position_ = flushed_position_;
    auto write = state_write_job(
        current_state(),
        [fs = deps_.fs, dir = dir_, base = active_->base_offset(), indexes] {
            return persist_indexes(*fs, dir, base, *indexes);
        },
        /*skip_first_if_stale=*/true);
    deps_.executor->submit(
        [write, dir = dir_] {
            if (!write()) logging::get("storage")->error("{}: recovery checkpoint not written", dir);
        },
        {});
}

}  // namespace sb::storage

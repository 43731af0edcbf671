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

std::function<status()> partition_log::state_write_job(partition_state state) {
    if (!state_writer_) state_writer_ = std::make_shared<state_writer>();
    uint64_t seq = ++state_seq_;
    return [writer = state_writer_, fs = deps_.fs, dir = dir_, state = std::move(state), seq]() -> status {
        std::lock_guard lock(writer->mu);
        if (seq <= writer->written_seq) return {};  // a newer snapshot is on disk already
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
    uint64_t generation = truncation_generation_;
    unflushed_messages_ = 0;
    first_unflushed_ms_ = -1;
    auto log_file = active_->files().log;
    auto st = std::make_shared<status>();
    deps_.executor->submit([log_file, st] { *st = log_file->sync(); },
                           [this, alive = std::weak_ptr<bool>(alive_), generation, target, st] {
                               if (alive.expired()) return;
                               on_flushed(generation, target, *st);
                           });
}

void partition_log::on_flushed(uint64_t generation, int64_t target, status st) {
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
    advance_flushed(target);
    bool waiting = !flush_waiters_.empty() && flush_waiters_.begin()->first < written_offset_;
    if (flush_again_ || (config_.fsync_before_ack && waiting)) flush();
}

void partition_log::advance_flushed(int64_t offset) {
    if (offset <= flushed_offset_) return;
    flushed_offset_ = offset;
    while (!tail_.empty() && tail_.front().info.next_offset() <= flushed_offset_) {
        tail_bytes_ -= tail_.front().info.size_bytes;
        tail_.pop_front();
    }
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
    if (closed_ || first_unflushed_ms_ < 0) return;
    if (deps_.clk->now_ms() - first_unflushed_ms_ >= config_.flush_ms) flush();
}

}  // namespace sb::storage

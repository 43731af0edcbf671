// Removing data: truncation for followers, DeleteRecords and time/size retention.
#include <cassert>

#include "base/logging.h"
#include "storage/partition_log.h"

namespace sb::storage {

void partition_log::remove_segment(std::map<int64_t, std::unique_ptr<segment>>::iterator it) {
    segment& s = *it->second;
    assert(&s != active_);
    deps_.cache->forget(s);
    // Closing and unlinking block: both happen on the executor. Readers holding file
    // ranges keep the unlinked file readable until they finish.
    deps_.executor->submit(
        [fs = deps_.fs, dir = dir_, base = s.base_offset(), files = s.detach()]() mutable {
            files.reset();
            if (!remove_segment_files(*fs, dir, base)) logging::get("storage")->error("{}: removing segment {} failed", dir, base);
        },
        {});
    segments_.erase(it);
}

void partition_log::truncate_to(int64_t offset, status_callback done) {
    assert(!closed_);
    if (offset >= next_offset_) {
        done({});
        return;
    }
    if (offset < log_start_offset_) {
        done(unexpected(error_code::offset_out_of_range));
        return;
    }
    fail_pending(error_code::not_leader_or_follower);
    if (switching_) {
        switching_ = false;
        ++switch_generation_;  // the switch in flight is abandoned (finish_roll checks)
    }
    if (offset >= written_offset_) {
        done({});
        return;
    }
    segment* target = segment_for(offset);
    assert(target != nullptr);
    if (cleaning_ && target != active_) {
        // Compaction is rewriting closed segments: truncate once it is done.
        deps_.executor->submit({}, [this, alive = std::weak_ptr<bool>(alive_), offset, done = std::move(done)]() mutable {
            if (!alive.expired()) truncate_to(offset, std::move(done));
        });
        return;
    }
    ++truncation_generation_;
    if (target == active_) {
        truncate_active(offset, std::move(done));
    } else {
        truncate_into_older_segment(*target, offset, std::move(done));
    }
}

void partition_log::truncate_active(int64_t offset, status_callback done) {
    segment& a = *active_;
    auto found = find_batch_holding(a.files(), a.stats(), offset, deps_.limits.max_batch_bytes);
    if (!found) {
        done(unexpected(found.error()));
        return;
    }
    uint64_t cut_position = *found ? (*found)->position : a.stats().size_bytes;
    if (a.base_offset() != recovery_point_ || cut_position >= recovery_position_) {
        truncate_within_active(offset, std::move(done));
        return;
    }
    // The cut is inside the checkpointed prefix: the checkpoint must move below the cut
    // on disk before the bytes change, or recovery could trust bytes that are not the ones
    // it checkpointed. Follower appends at `offset` may queue meanwhile.
    recovery_position_ = cut_position;
    switching_ = true;
    uint64_t generation = ++switch_generation_;
    next_offset_ = std::min(next_offset_, offset);
    auto write_state = state_write_job(current_state());
    auto written = std::make_shared<status>();
    deps_.executor->submit([write_state, written] { *written = write_state(); },
                           [this, alive = std::weak_ptr<bool>(alive_), generation, offset, written,
                            done = std::move(done)]() mutable {
                               if (alive.expired()) return;
                               if (generation != switch_generation_) {
                                   done(unexpected(error_code::not_leader_or_follower));
                                   return;
                               }
                               switching_ = false;
                               if (!*written) {
                                   fail_pending(error_code::kafka_storage_error);
                                   next_offset_ = written_offset_;
                                   done(unexpected(error_code::kafka_storage_error));
                                   return;
                               }
                               truncate_within_active(offset, std::move(done));
                           });
}

void partition_log::truncate_into_older_segment(segment& target, int64_t offset, status_callback done) {
    // Whole segments after the target go, the active one included.
    for (auto it = segments_.upper_bound(target.base_offset()); it != segments_.end();) {
        auto next = std::next(it);
        if (it->second.get() == active_) active_ = nullptr;
        remove_segment(it);
        it = next;
    }
    // The target becomes the active segment: open it (off the loop), then cut it.
    deps_.cache->forget(target);
    active_ = &target;
    switching_ = true;
    uint64_t generation = ++switch_generation_;
    written_offset_ = next_offset_ = std::min(next_offset_, offset);
    flushed_offset_ = std::min(flushed_offset_, written_offset_);
    tail_.clear();
    auto stats = std::make_shared<segment_stats>(target.stats());
    auto out = std::make_shared<result<int64_t>>(unexpected(error_code::kafka_storage_error));
    auto loaded = std::make_shared<std::shared_ptr<segment_files>>(target.detach());
    deps_.executor->submit(
        [fs = deps_.fs, dir = dir_, base = target.base_offset(), config = config_,
         max = deps_.limits.max_batch_bytes, offset, stats, out, loaded] {
            if (!*loaded) {
                auto f = load_segment_files(*fs, dir, base, stats->size_bytes, config, max, *stats);
                if (!f) return;
                *loaded = std::move(*f);
            }
            *out = truncate_segment_files(**loaded, *stats, base, offset, max);
            // The segment was durable whole; once the cut and its indexes are too, its
            // bytes are a recovery checkpoint.
            if (*out && (!(*loaded)->log->sync() || !persist_indexes(*fs, dir, base, **loaded))) {
                *out = unexpected(error_code::kafka_storage_error);
            }
        },
        [this, alive = std::weak_ptr<bool>(alive_), generation, stats, out, loaded, done = std::move(done)] {
            if (alive.expired()) return;
            if (generation != switch_generation_) {
                done(unexpected(error_code::not_leader_or_follower));
                return;
            }
            switching_ = false;
            if (!*out || !*loaded) {
                done(unexpected(error_code::kafka_storage_error));
                return;
            }
            active_->attach(std::move(*loaded));
            active_->mutable_stats() = *stats;
            recovery_point_ = active_->base_offset();
            recovery_position_ = flushed_position_ = stats->size_bytes;
            after_cut(**out);
            drain_pending();
            if (flush_again_ || !flush_waiters_.empty()) flush();
            done({});
        });
}

void partition_log::truncate_within_active(int64_t offset, status_callback done) {
    segment& a = *active_;
    auto end = truncate_segment_files(a.files(), a.mutable_stats(), a.base_offset(), offset, deps_.limits.max_batch_bytes);
    if (!end) {
        done(unexpected(end.error()));
        return;
    }
    flushed_position_ = std::min(flushed_position_, a.stats().size_bytes);
    after_cut(*end);
    drain_pending();
    if (flush_again_ || !flush_waiters_.empty()) flush();
    done({});
}

void partition_log::after_cut(int64_t cut) {
    // Appends queued meanwhile (at or after the requested offset) keep their offsets and
    // the epochs they started; everything else from the cut on is gone.
    const int64_t queued_from = pending_.empty() ? next_offset_ : pending_.front().info.base_offset;
    auto epochs_before = epochs_.entries();
    epochs_.truncate_from_end(cut);
    for (const auto& e : epochs_before) {
        if (e.start_offset >= queued_from) epochs_.assign(e.epoch, e.start_offset);
    }
    written_offset_ = cut;
    if (pending_.empty()) next_offset_ = cut;
    flushed_offset_ = std::min(flushed_offset_, cut);
    tail_.drop_from(cut);
    for (auto it = flush_waiters_.lower_bound(cut); it != flush_waiters_.end() && it->first < queued_from;) {
        auto cb = std::move(it->second);
        it = flush_waiters_.erase(it);
        cb(unexpected(error_code::not_leader_or_follower));
    }
    save_state();
}

status partition_log::delete_records(int64_t offset) {
    if (offset > next_offset_) return unexpected(error_code::offset_out_of_range);
    if (offset <= log_start_offset_) return {};
    log_start_offset_ = offset;
    remove_old_segments(false);
    epochs_.truncate_from_start(log_start_offset_);
    save_state();
    return {};
}

void partition_log::delete_records(int64_t offset, status_callback done) {
    if (auto moved = delete_records(offset); !moved) {
        done(moved);
        return;
    }
    // save_state() does not report back; this write does. If a newer state is on disk
    // first, it holds this start offset too (the start only moves forward).
    auto write = state_write_job(current_state());
    auto written = std::make_shared<status>();
    deps_.executor->submit([write = std::move(write), written] { *written = write(); },
                           [written, done = std::move(done)] { done(*written); });
}

std::size_t partition_log::apply_retention() { return remove_old_segments(true); }

std::size_t partition_log::remove_old_segments(bool apply_retention_limits) {
    if (cleaning_) return 0;  // compaction holds the closed segments; the next run deletes
    const bool deletes = apply_retention_limits && config_.cleanup != cleanup_policy::compact;
    const int64_t now = deps_.clk->now_ms();
    uint64_t total = size_bytes();
    std::size_t removed = 0;
    while (segments_.size() > 1) {
        auto it = segments_.begin();
        segment& s = *it->second;
        if (&s == active_) break;
        int64_t seg_end = std::next(it)->first;
        bool below_start = seg_end <= log_start_offset_;
        bool too_old = deletes && config_.retention_ms >= 0 && s.stats().max_timestamp >= 0 &&
                       now - s.stats().max_timestamp > config_.retention_ms;
        bool too_big = deletes && config_.retention_bytes >= 0 &&
                       total - s.stats().size_bytes >= static_cast<uint64_t>(config_.retention_bytes);
        if (!below_start && !too_old && !too_big) break;
        total -= s.stats().size_bytes;
        log_start_offset_ = std::max(log_start_offset_, seg_end);
        remove_segment(it);
        ++removed;
    }
    if (removed > 0) {
        cleaner_checkpoint_ = std::max(cleaner_checkpoint_, log_start_offset_);
        epochs_.truncate_from_start(log_start_offset_);
        save_state();
    }
    return removed;
}

uint64_t partition_log::size_bytes() const {
    uint64_t total = 0;
    for (const auto& [base, s] : segments_) total += s->stats().size_bytes;
    return total;
}

std::vector<int64_t> partition_log::segment_base_offsets() const {
    std::vector<int64_t> out;
    for (const auto& [base, s] : segments_) out.push_back(base);
    return out;
}

}  // namespace sb::storage

#include "storage/log_cleaner.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>

#include "base/logging.h"
#include "storage/log_compaction.h"
#include "storage/partition_log.h"

namespace sb::storage {

namespace {

bool is_dirty(int64_t base, const segment& s, int64_t cleaner_checkpoint) {
    return s.stats().next_offset > cleaner_checkpoint || base >= cleaner_checkpoint;
}

// When a segment's stats lack a timestamp (batches without one, or a closed segment whose
// first batch was not read since start-up: opening a log reads only each segment's
// largest timestamp, from its time index), the segment counts as written when the log
// opened it (created_ms). Both lags stay bounded, and no record is compacted before
// min.compaction.lag.ms after its own timestamp.
int64_t largest_timestamp(const segment& s) {
    return s.stats().max_timestamp >= 0 ? s.stats().max_timestamp : s.created_ms();
}

// The first batch's timestamp for max.compaction.lag.ms; nullopt for 0, which says
// nothing (Kafka skips timestamps of 0 or less).
std::optional<int64_t> first_batch_timestamp(const segment& s) {
    if (s.stats().first_batch_timestamp > 0) return s.stats().first_batch_timestamp;
    if (s.stats().first_batch_timestamp < 0) return s.created_ms();
    return std::nullopt;
}

}  // namespace

cleanable_range log_cleaner::cleanable(const partition_log& log, int64_t now_ms) {
    const log_config& c = log.config_;
    cleanable_range r;
    r.first_uncleanable_offset = log.active_->base_offset();
    bool seen_dirty = false;
    int64_t earliest_dirty_ms = std::numeric_limits<int64_t>::max();
    for (const auto& [base, s] : log.segments_) {
        if (s.get() == log.active_) break;  // the active segment is never compacted
        if (!is_dirty(base, *s, log.cleaner_checkpoint_)) {
            if (!seen_dirty) r.clean_bytes += s->stats().size_bytes;
            continue;
        }
        seen_dirty = true;
        if (auto first = first_batch_timestamp(*s)) earliest_dirty_ms = std::min(earliest_dirty_ms, *first);
        if (base >= r.first_uncleanable_offset) continue;
        if (c.min_compaction_lag_ms > 0 && largest_timestamp(*s) > now_ms - c.min_compaction_lag_ms) {
            r.first_uncleanable_offset = base;
            continue;
        }
        r.dirty_bytes += s->stats().size_bytes;
    }
    r.past_max_lag = earliest_dirty_ms != std::numeric_limits<int64_t>::max() &&
                     earliest_dirty_ms < now_ms - std::max<int64_t>(c.max_compaction_lag_ms, 0);
    return r;
}

double log_cleaner::dirty_ratio(const partition_log& log) { return cleanable(log, log.deps_.clk->now_ms()).dirty_ratio(); }

bool log_cleaner::maybe_clean(partition_log& log, std::function<void(result<cleaning_result>)> done) {
    if (log.config_.cleanup == cleanup_policy::delete_ || log.cleaning_ || log.closed_) return false;
    const int64_t now_ms = log.deps_.clk->now_ms();
    cleanable_range range = cleanable(log, now_ms);
    if (range.dirty_bytes == 0) return false;
    if (!range.past_max_lag && range.dirty_ratio() < log.config_.min_cleanable_dirty_ratio) return false;
    std::vector<segment_ref> refs;
    for (const auto& [base, s] : log.segments_) {
        if (base >= range.first_uncleanable_offset) break;
        refs.push_back({base, s->stats().size_bytes});
        log.cleaning_bases_.insert(base);
    }
    assert(!refs.empty());
    log.cleaning_ = true;
    int64_t end_of_range = std::next(log.segments_.find(refs.back().base_offset))->first;
    auto outcome = std::make_shared<result<compaction_outcome>>(unexpected(error_code::kafka_storage_error));
    auto throttle_rate = log.deps_.limits.cleaner_io_max_bytes_per_second;
    log.deps_.executor->submit(
        [fs = log.deps_.fs, dir = log.dir_, refs, config = log.config_, limits = log.deps_.limits,
         now = now_ms, outcome, throttle_rate] {
            io_throttle throttle(throttle_rate);
            *outcome = compact_segments(*fs, dir, refs, config, limits, now, throttle);
        },
        [&log, alive = std::weak_ptr<bool>(log.alive_), refs, end_of_range, outcome, done = std::move(done)] {
            if (alive.expired()) return;
            log.cleaning_ = false;
            log.cleaning_bases_.clear();
            if (!*outcome) {
                logging::get("storage")->error("{}: compaction failed: {}", log.dir_, error_name(outcome->error()));
                done(unexpected(outcome->error()));
                return;
            }
            cleaning_result r;
            for (auto& c : (*outcome)->segments) {
                auto it = log.segments_.find(c.base_offset);
                assert(it != log.segments_.end());  // nothing removes segments while cleaning
                segment& s = *it->second;
                log.deps_.cache->forget(s);
                log.deps_.executor->submit([old = s.detach()]() mutable { old.reset(); }, {});
                // Offsets stay where they were: the segment still ends where the next begins.
                c.stats.next_offset = std::max(c.stats.next_offset, std::next(it)->first);
                s.mutable_stats() = c.stats;
                s.attach(std::move(c.files));
                log.deps_.cache->touch(s);
                ++r.segments_cleaned;
            }
            r.records_removed = (*outcome)->records_removed;
            r.bytes_before = (*outcome)->bytes_before;
            r.bytes_after = (*outcome)->bytes_after;
            std::size_t n = (*outcome)->segments.size();
            int64_t checkpoint = n == refs.size() ? end_of_range : refs[n].base_offset;
            if (n > 0) log.cleaner_checkpoint_ = std::max(log.cleaner_checkpoint_, checkpoint);
            log.save_state();
            done(r);
        });
    return true;
}

}  // namespace sb::storage

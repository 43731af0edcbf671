#include "storage/log_cleaner.h"

#include <cassert>

#include "base/logging.h"
#include "storage/log_compaction.h"
#include "storage/partition_log.h"

namespace sb::storage {

double log_cleaner::dirty_ratio(const partition_log& log) {
    uint64_t total = 0;
    uint64_t dirty = 0;
    for (const auto& [base, s] : log.segments_) {
        if (s.get() == log.active_) break;
        total += s->stats().size_bytes;
        if (s->stats().next_offset > log.cleaner_checkpoint_ || base >= log.cleaner_checkpoint_) {
            dirty += s->stats().size_bytes;
        }
    }
    return total == 0 ? 0.0 : static_cast<double>(dirty) / static_cast<double>(total);
}

bool log_cleaner::maybe_clean(partition_log& log, std::function<void(result<cleaning_result>)> done) {
    if (log.config_.cleanup == cleanup_policy::delete_ || log.cleaning_ || log.closed_) return false;
    double ratio = dirty_ratio(log);
    if (ratio == 0.0 || ratio < log.config_.min_cleanable_dirty_ratio) return false;
    std::vector<segment_ref> refs;
    for (const auto& [base, s] : log.segments_) {
        if (s.get() == log.active_) break;  // the active segment is never compacted
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
         now = log.deps_.clk->now_ms(), outcome, throttle_rate] {
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

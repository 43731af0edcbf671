// Opening a partition log: listing segments, recovery after an unclean shutdown, and the
// clean shutdown that lets the next start skip the scan.
#include <algorithm>
#include <cassert>

#include "base/logging.h"
#include "protocol/record_batch.h"
#include "storage/partition_log.h"
#include "storage/segment_name.h"
#include "storage/segment_recovery.h"

namespace sb::storage {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The largest timestamp recorded in a closed segment's time index (its last entry, which
// a roll writes), read without loading the whole index.
std::optional<timestamp_offset> read_last_time_entry(file_system& fs, const std::string& path) {
    auto f = fs.open(path, open_mode::read_only);
    if (!f) return std::nullopt;
    auto size = (*f)->size_bytes();
    if (!size || *size < k_time_index_entry_bytes || *size % k_time_index_entry_bytes != 0) return std::nullopt;
    uint8_t entry[k_time_index_entry_bytes];
    auto n = (*f)->pread(entry, *size - k_time_index_entry_bytes);
    if (!n || *n != k_time_index_entry_bytes) return std::nullopt;
    return timestamp_offset{static_cast<int64_t>(protocol::load_be64(entry)), protocol::load_be32(entry + 8)};
}

}  // namespace

partition_log::partition_log(std::string dir, log_config config, log_dependencies deps)
    : dir_(std::move(dir)),
      config_(config),
      deps_(std::move(deps)),
      tail_(deps_.limits.max_unflushed_tail_bytes, deps_.tail_budget) {
    assert(deps_.fs && deps_.executor && deps_.clk && deps_.cache);
    // Index entries hold 32-bit positions.
    assert(config_.segment_bytes > 0 && config_.segment_bytes <= std::numeric_limits<uint32_t>::max());
}

partition_log::~partition_log() {
    *alive_ = false;
    // Segments leave the LRU here; their files are closed (which can block) off the loop.
    std::vector<std::shared_ptr<segment_files>> open_files;
    for (auto& [base, s] : segments_) {
        deps_.cache->forget(*s);
        if (s->loaded()) open_files.push_back(s->detach());
    }
    segments_.clear();
    if (!open_files.empty()) {
        deps_.executor->submit([files = std::move(open_files)]() mutable { files.clear(); }, {});
    }
}

result<std::unique_ptr<partition_log>> partition_log::open(std::string dir, log_config config, log_dependencies deps) {
    std::unique_ptr<partition_log> log(new partition_log(std::move(dir), config, std::move(deps)));
    file_system& fs = *log->deps_.fs;
    if (auto st = fs.create_dirs(log->dir_); !st) return unexpected(st.error());
    auto names = fs.list(log->dir_);
    if (!names) return unexpected(names.error());
    std::vector<int64_t> bases;
    for (const auto& name : *names) {
        if (ends_with(name, ".tmp") || ends_with(name, k_cleaned_suffix)) {
            // Leftovers of an atomic write or a compaction that did not finish.
            if (auto st = fs.remove(log->dir_ + "/" + name); !st) return unexpected(st.error());
            continue;
        }
        if (auto base = parse_log_file_name(name)) bases.push_back(*base);
    }
    std::sort(bases.begin(), bases.end());

    auto state = load_partition_state(log->deps_.fs, log->dir_);
    partition_state st = state ? *state : partition_state{};
    if (!state) logging::get("storage")->warn("{}: partition state unreadable, recovering every segment", log->dir_);
    if (!state) st.recovery_point = 0;
    log->log_start_offset_ = st.log_start_offset;
    log->recovery_point_ = st.recovery_point;
    log->recovery_position_ = static_cast<uint64_t>(std::max<int64_t>(0, st.recovery_position));
    log->cleaner_checkpoint_ = st.cleaner_checkpoint;
    log->epochs_.assign_all(st.epochs);

    std::string marker = log->dir_ + "/" + k_clean_shutdown_name;
    bool clean = fs.exists(marker) && state.has_value();
    if (fs.exists(marker)) {
        // Removed durably before anything is written, so a later crash is not taken as clean.
        if (auto r = fs.remove(marker); !r) return unexpected(r.error());
        if (auto r = fs.sync_dir(log->dir_); !r) return unexpected(r.error());
    }

    int64_t now = log->deps_.clk->now_ms();
    for (std::size_t i = 0; i < bases.size(); ++i) {
        auto size = fs.file_size(segment_path(log->dir_, bases[i], k_log_suffix));
        if (!size) return unexpected(size.error());
        int64_t next = i + 1 < bases.size() ? bases[i + 1] : bases[i];
        log->segments_.emplace(bases[i],
                               std::make_unique<segment>(log->dir_, bases[i], segment_stats{*size, next, -1, -1}, now));
    }
    if (auto r = log->recover(clean); !r) return unexpected(r.error());
    return log;
}

status partition_log::recover(bool clean) {
    file_system& fs = *deps_.fs;
    const uint32_t max_batch = deps_.limits.max_batch_bytes;
    if (segments_.empty()) {
        int64_t base = std::max<int64_t>(0, log_start_offset_);
        auto files = create_segment_files(fs, dir_, base, config_);
        if (!files) return unexpected(files.error());
        auto seg = std::make_unique<segment>(dir_, base, segment_stats{0, base, -1, -1}, deps_.clk->now_ms());
        seg->attach(std::move(*files));
        segments_.emplace(base, std::move(seg));
    }
    int64_t last_base = segments_.rbegin()->first;
    bool cut = false;
    for (auto it = segments_.begin(); it != segments_.end();) {
        segment& s = *it->second;
        bool is_last = s.base_offset() == last_base;
        if (cut) {  // everything after a cut is gone
            if (auto r = remove_segment_files(fs, dir_, s.base_offset()); !r) return r;
            it = segments_.erase(it);
            continue;
        }
        bool scan = !clean && (s.base_offset() >= recovery_point_ || is_last);
        if (scan && !s.loaded()) {
            uint64_t trusted = s.base_offset() == recovery_point_ ? recovery_position_ : 0;
            auto rs = recover_segment(fs, dir_, s.base_offset(), s.stats().size_bytes, trusted, config_, max_batch);
            if (!rs) return unexpected(rs.error());
            epochs_.truncate_from_end(rs->trusted_next_offset);
            for (const auto& e : rs->epoch_starts) epochs_.assign(e.epoch, e.start_offset);
            cut = rs->cut;
            auto& files = rs->files;
            if (!is_last && !cut && rs->stats.max_timestamp_offset >= 0) {
                files->times.maybe_append(rs->stats.max_timestamp, rs->stats.max_timestamp_offset);
            }
            if (auto r = persist_indexes(fs, dir_, s.base_offset(), *files); !r) return r;
            s.mutable_stats() = rs->stats;
            if (is_last || cut) s.attach(std::move(files));
        } else if (is_last && !s.loaded()) {
            segment_stats stats;
            auto files = load_segment_files(fs, dir_, s.base_offset(), s.stats().size_bytes, config_, max_batch, stats);
            if (!files) return unexpected(files.error());
            s.mutable_stats() = stats;
            s.attach(std::move(*files));
        } else if (!is_last) {
            auto last = read_last_time_entry(fs, segment_path(dir_, s.base_offset(), k_time_index_suffix));
            if (last) {
                s.mutable_stats().max_timestamp = last->timestamp_ms;
                s.mutable_stats().max_timestamp_offset = s.base_offset() + last->offset;
            } else if (s.stats().size_bytes > 0) {
                // No usable time index: rebuild both indexes from the log.
                segment_stats stats;
                auto files = load_segment_files(fs, dir_, s.base_offset(), s.stats().size_bytes, config_, max_batch,
                                                stats);
                if (!files) return unexpected(files.error());
                s.mutable_stats() = stats;
            }
        }
        ++it;
    }
    active_ = segments_.rbegin()->second.get();
    assert(active_->loaded());
    next_offset_ = written_offset_ = flushed_offset_ = active_->stats().next_offset;
    log_start_offset_ = std::clamp(log_start_offset_, segments_.begin()->first, next_offset_);
    epochs_.truncate_from_end(next_offset_);
    epochs_.truncate_from_start(log_start_offset_);
    recovery_point_ = active_->base_offset();
    // Recovery fsynced the active segment and wrote its indexes (a clean shutdown did so
    // before): all of it is the new checkpoint.
    recovery_position_ = flushed_position_ = active_->stats().size_bytes;
    last_checkpoint_ms_ = deps_.clk->now_ms();
    recovered_cleanly_ = clean;
    return save_partition_state(deps_.fs, dir_, current_state());
}

partition_state partition_log::current_state() const {
    return partition_state{log_start_offset_, recovery_point_, static_cast<int64_t>(recovery_position_),
                           cleaner_checkpoint_, epochs_.entries()};
}

void partition_log::close(status_callback done) {
    assert(!closed_);
    if (switching_ || cleaning_) {
        // Let the segment switch or compaction finish first; its completion runs before this retry.
        deps_.executor->submit({}, [this, done = std::move(done)]() mutable { close(std::move(done)); });
        return;
    }
    closed_ = true;
    segment& a = *active_;
    if (a.stats().max_timestamp_offset >= 0) {
        a.files().times.maybe_append(a.stats().max_timestamp, a.stats().max_timestamp_offset);
    }
    auto log_file = a.files().log;
    auto indexes = std::make_shared<index_snapshot>(snapshot_indexes(a.files()));
    auto fs = deps_.fs;
    std::string dir = dir_;
    int64_t base = a.base_offset();
    auto write = state_write_job(current_state(), [=]() -> status {
        if (auto r = log_file->sync(); !r) return r;
        return persist_indexes(*fs, dir, base, *indexes);
    });
    int64_t target = written_offset_;
    auto result_status = std::make_shared<status>();
    deps_.executor->submit(
        [=] {
            *result_status = write();
            if (*result_status) {
                std::vector<uint8_t> none;
                *result_status = write_file_atomically(*fs, dir + "/" + k_clean_shutdown_name, none);
            }
        },
        [this, alive = std::weak_ptr<bool>(alive_), target, result_status, done = std::move(done)] {
            if (!alive.expired() && *result_status) advance_flushed(target);
            done(*result_status);
        });
}

}  // namespace sb::storage

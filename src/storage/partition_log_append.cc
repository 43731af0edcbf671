// Appends: offsets, the page-cache write, segment rolls and the queue of appends that
// wait while a new active segment is being created off the event loop.
#include <array>
#include <cassert>
#include <limits>
#include <vector>

#include "base/logging.h"
#include "protocol/record_batch.h"
#include "storage/partition_log.h"
#include "storage/produced_batch_stamp.h"
#include "storage/segment_name.h"

namespace sb::storage {

namespace {

// A follower's batch in one piece for its CRC check: as it is when it already is one
// (shared, never written to), copied otherwise.
iobuf in_one_piece(iobuf&& b) {
    if (b.fragments().size() <= 1) return std::move(b);
    iobuf out = iobuf::allocate(b.size_bytes());
    b.copy_to(0, std::span<uint8_t>(out.writable_data(), out.size_bytes()));
    return out;
}

// Writes every fragment of `b` from `position` with one system call.
status write_fragments(file& f, const iobuf& b, uint64_t position) {
    const auto& fragments = b.fragments();
    if (fragments.size() == 1) return f.pwrite(fragments[0].bytes(), position);
    // A stamped produced batch has two fragments (its header and its records); more only
    // when the request arrived in pieces.
    constexpr std::size_t k_few = 4;
    std::array<std::span<const uint8_t>, k_few> few;
    std::vector<std::span<const uint8_t>> many;
    std::span<std::span<const uint8_t>> pieces;
    if (fragments.size() <= k_few) {
        pieces = std::span(few.data(), fragments.size());
    } else {
        many.resize(fragments.size());
        pieces = many;
    }
    for (std::size_t i = 0; i < fragments.size(); ++i) pieces[i] = fragments[i].bytes();
    return f.pwritev(pieces, position);
}

}  // namespace

result<append_result> partition_log::append_as_leader(iobuf batch, int32_t leader_epoch) {
    assert(!closed_);
    if (batch.size_bytes() > config_.max_message_bytes) return unexpected(error_code::message_too_large);
    int64_t append_time_ms = -1;
    if (config_.message_timestamp_type == timestamp_type::log_append_time) append_time_ms = deps_.clk->now_ms();
    // The records are not copied: the stamped header is a buffer of its own and the rest
    // is shared with `batch` (normally the request frame), for the write and the tail.
    auto stamped = stamp_produced_batch(batch, {next_offset_, leader_epoch, append_time_ms});
    if (!stamped) return unexpected(stamped.error());
    const batch_info info = batch_info_of(stamped->fragments().front().bytes(), 0);
    auto r = append_prepared(std::move(*stamped), info);
    if (r) r->log_append_time_ms = append_time_ms;
    return r;
}

result<append_result> partition_log::append_at(iobuf batch) {
    assert(!closed_);
    if (batch.size_bytes() > deps_.limits.max_batch_bytes) return unexpected(error_code::message_too_large);
    if (batch.empty()) return unexpected(error_code::corrupt_message);
    iobuf bytes = in_one_piece(std::move(batch));
    auto span = bytes.fragments().front().bytes();
    auto view = protocol::record_batch_view::parse(span);
    if (!view || view->size_bytes() != span.size()) return unexpected(error_code::corrupt_message);
    if (auto st = protocol::validate_stored_batch(span); !st) return unexpected(st.error());
    if (view->base_offset() < next_offset_) return unexpected(error_code::offset_out_of_range);
    return append_prepared(std::move(bytes), batch_info_of(span, 0));
}

result<append_result> partition_log::append_prepared(iobuf&& bytes, batch_info info) {
    assert(info.base_offset >= next_offset_);
    if (switching_ || needs_roll(info)) {
        if (pending_bytes_ + info.size_bytes > deps_.limits.max_pending_append_bytes) {
            return unexpected(error_code::request_timed_out);
        }
        pending_bytes_ += info.size_bytes;
        pending_.push_back({std::move(bytes), info});
        if (!switching_) start_roll();
    } else {
        pending_append p{std::move(bytes), info};
        if (auto st = write_now(p); !st) return unexpected(st.error());
    }
    next_offset_ = info.next_offset();
    if (epochs_.assign(info.leader_epoch, info.base_offset)) save_state();
    return append_result{info.base_offset, info.last_offset, -1};
}

bool partition_log::needs_roll(const batch_info& b) const {
    const segment& a = *active_;
    if (a.stats().size_bytes == 0) return false;  // an empty segment takes any batch
    if (a.stats().size_bytes + b.size_bytes > config_.segment_bytes) return true;
    if (deps_.clk->now_ms() - a.created_ms() >= max_segment_ms(config_)) return true;
    if (active_->files().offsets.full() || active_->files().times.full()) return true;
    // Index entries hold offsets relative to the base in 32 bits.
    return b.last_offset - a.base_offset() > std::numeric_limits<uint32_t>::max();
}

status partition_log::write_now(pending_append& p) {
    assert(!switching_ && active_ != nullptr && active_->loaded());
    segment& a = *active_;
    p.info.position = a.stats().size_bytes;
    if (auto st = write_fragments(*a.files().log, p.bytes, p.info.position); !st) {
        // Cut whatever part reached the file so that it still ends at a batch boundary.
        (void)a.files().log->truncate(p.info.position);
        return st;
    }
    a.note_batch(p.info, config_.index_interval_bytes);
    written_offset_ = p.info.next_offset();
    tail_.push(p.info, std::move(p.bytes));
    unflushed_messages_ += p.info.records_count;
    if (first_unflushed_ms_ < 0) first_unflushed_ms_ = deps_.clk->now_ms();
    maybe_flush_by_policy();
    return {};
}

void partition_log::start_roll() {
    assert(!switching_ && !pending_.empty());
    switching_ = true;
    uint64_t generation = ++switch_generation_;
    segment& old = *active_;
    if (old.stats().max_timestamp_offset >= 0) {
        // The last time index entry carries the segment's largest timestamp (used by retention).
        old.files().times.maybe_append(old.stats().max_timestamp, old.stats().max_timestamp_offset);
    }
    int64_t new_base = pending_.front().info.base_offset;
    partition_state state = current_state();
    state.recovery_point = new_base;
    state.recovery_position = 0;
    auto old_log = old.files().log;
    auto old_indexes = std::make_shared<index_snapshot>(snapshot_indexes(old.files()));
    auto fs = deps_.fs;
    std::string dir = dir_;
    int64_t old_base = old.base_offset();
    log_config config = config_;
    auto created = std::make_shared<result<std::shared_ptr<segment_files>>>(unexpected(error_code::kafka_storage_error));
    // The old segment is made durable, and the new one created, before the recovery point
    // moves past the old one.
    auto write = state_write_job(state, [=]() -> status {
        if (auto st = old_log->sync(); !st) return st;
        if (auto st = persist_indexes(*fs, dir, old_base, *old_indexes); !st) return st;
        auto files = create_segment_files(*fs, dir, new_base, config);
        if (!files) return unexpected(files.error());
        *created = std::move(files);
        return {};
    });
    deps_.executor->submit(
        [write, created] {
            if (!write()) *created = unexpected(error_code::kafka_storage_error);
        },
        [this, alive = std::weak_ptr<bool>(alive_), generation, created, new_base] {
            if (alive.expired()) return;
            finish_roll(generation, std::move(*created), new_base);
        });
}

void partition_log::finish_roll(uint64_t generation, result<std::shared_ptr<segment_files>> created,
                                int64_t new_base) {
    if (generation != switch_generation_) {
        // A truncation replaced this switch; the files made for it are not wanted.
        if (created && segments_.find(new_base) == segments_.end()) {
            deps_.executor->submit([fs = deps_.fs, dir = dir_, new_base, f = std::move(*created)]() mutable {
                f.reset();
                (void)remove_segment_files(*fs, dir, new_base);
            }, {});
        }
        return;
    }
    switching_ = false;
    if (!created) {
        logging::get("storage")->error("{}: could not create segment {}", dir_, new_base);
        fail_pending(error_code::kafka_storage_error);
        return;
    }
    segment* old = active_;
    advance_flushed(written_offset_);  // the roll fsynced everything the old segment holds
    auto seg = std::make_unique<segment>(dir_, new_base, segment_stats{0, new_base, -1, -1}, deps_.clk->now_ms());
    seg->attach(std::move(*created));
    active_ = seg.get();
    segments_.emplace(new_base, std::move(seg));
    deps_.cache->touch(*old);
    tail_.clear();
    recovery_point_ = new_base;
    recovery_position_ = flushed_position_ = 0;
    drain_pending();
    if (config_.fsync_before_ack && !flush_waiters_.empty()) flush();
}

void partition_log::drain_pending() {
    while (!pending_.empty() && !switching_) {
        pending_append& p = pending_.front();
        if (needs_roll(p.info)) {
            start_roll();
            return;
        }
        if (auto st = write_now(p); !st) {
            fail_pending(st.error());
            return;
        }
        pending_bytes_ -= p.info.size_bytes;
        pending_.pop_front();
    }
}

void partition_log::fail_pending(error_code e) {
    if (pending_.empty()) return;
    int64_t from = pending_.front().info.base_offset;
    pending_.clear();
    pending_bytes_ = 0;
    next_offset_ = written_offset_;  // the queued offsets were never written; reuse them
    epochs_.truncate_from_end(next_offset_);
    fail_waiters_from(from, e);
}

}  // namespace sb::storage

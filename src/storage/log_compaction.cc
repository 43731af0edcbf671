#include "storage/log_compaction.h"

#include <algorithm>
#include <cassert>
#include <unordered_map>

#include "protocol/record.h"
#include "protocol/record_batch_builder.h"
#include "storage/segment_name.h"

namespace sb::storage {

namespace {

// Per-key bookkeeping beyond the key bytes (hash node, offset, pointers).
constexpr std::size_t k_key_map_overhead_bytes = 48;

class key_map {
public:
    explicit key_map(std::size_t limit_bytes) : limit_bytes_(limit_bytes) {}
    // Records `offset` as the latest for `key`; false when a new key does not fit.
    bool put(std::string_view key, int64_t offset) {
        auto it = latest_.find(std::string(key));
        if (it != latest_.end()) {
            it->second = std::max(it->second, offset);
            return true;
        }
        std::size_t cost = key.size() + k_key_map_overhead_bytes;
        if (used_bytes_ + cost > limit_bytes_) return false;
        used_bytes_ += cost;
        latest_.emplace(std::string(key), offset);
        return true;
    }
    std::optional<int64_t> latest(std::string_view key) const {
        auto it = latest_.find(std::string(key));
        if (it == latest_.end()) return std::nullopt;
        return it->second;
    }

private:
    std::size_t limit_bytes_;
    std::size_t used_bytes_ = 0;
    std::unordered_map<std::string, int64_t> latest_;
};

std::string_view as_sv(protocol::bytes_view b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// Calls fn(view) for every batch of the segment, pacing reads through the throttle.
template <class Fn>
status for_each_batch(const file& f, uint64_t size, uint32_t max_batch, io_throttle& throttle, Fn&& fn) {
    std::vector<uint8_t> bytes;
    uint64_t pos = 0;
    while (pos < size) {
        auto h = read_batch_header(f, pos, size, max_batch);
        if (!h) return unexpected(h.error());
        if (!*h) return unexpected(error_code::corrupt_message);
        if (auto st = read_batch_bytes(f, **h, bytes); !st) return st;
        throttle.account(bytes.size());
        if (auto st = fn(protocol::record_batch_view(bytes), **h); !st) return st;
        pos = (*h)->end_position();
    }
    return {};
}

// The batch with only the records `keep` selects; nullopt when the batch can go entirely.
result<std::optional<std::vector<uint8_t>>> filter_batch(const protocol::record_batch_view& view,
                                                         const std::vector<bool>& keep,
                                                         const std::vector<protocol::record>& records) {
    protocol::record_batch_builder b(view.codec(), view.base_offset());
    b.set_producer(view.producer_id(), view.producer_epoch(), view.base_sequence())
        .set_partition_leader_epoch(view.partition_leader_epoch())
        .set_transactional(view.is_transactional())
        .set_last_offset_delta(view.last_offset_delta());
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!keep[i]) continue;
        const auto& r = records[i];
        std::vector<protocol::record_header_data> headers;
        for (const auto& h : r.headers) {
            headers.push_back({std::string(as_sv(h.key)),
                               h.value ? std::optional<std::string>(std::string(as_sv(*h.value))) : std::nullopt});
        }
        auto key = r.key ? std::optional<std::string_view>(as_sv(*r.key)) : std::nullopt;
        auto value = r.value ? std::optional<std::string_view>(as_sv(*r.value)) : std::nullopt;
        b.add(view.base_timestamp() + r.timestamp_delta, key, value, headers, r.offset_delta);
    }
    // An idempotent producer's last sequence lives in its batches: keep an empty one.
    if (b.records_count() == 0 && view.producer_id() < 0) return std::optional<std::vector<uint8_t>>();
    auto bytes = b.build();
    if (!bytes) return unexpected(bytes.error());
    if (view.has_log_append_time()) protocol::patch_log_append_time(*bytes, view.max_timestamp());
    return std::optional<std::vector<uint8_t>>(std::move(*bytes));
}

}  // namespace

result<compaction_outcome> compact_segments(file_system& fs, const std::string& dir,
                                            const std::vector<segment_ref>& segments, const log_config& config,
                                            const storage_limits& limits, int64_t now_ms, io_throttle& throttle) {
    const uint32_t max_batch = limits.max_batch_bytes;
    compaction_outcome out;
    // Phase 1: the latest offset of every key, segment by segment until the map is full.
    key_map keys(limits.cleaner_dedupe_buffer_bytes);
    std::size_t cleanable = 0;
    for (const auto& seg : segments) {
        auto f = fs.open(segment_path(dir, seg.base_offset, k_log_suffix), open_mode::read_only);
        if (!f) return unexpected(f.error());
        bool full = false;
        protocol::record r;
        auto st = for_each_batch(**f, seg.size_bytes, max_batch, throttle, [&](const protocol::record_batch_view& v,
                                                                                const batch_info&) -> status {
            if (v.is_control() || full) return {};
            auto reader = protocol::record_reader::open(v);
            if (!reader) return unexpected(reader.error());
            for (;;) {
                auto more = reader->next(r);
                if (!more) return unexpected(more.error());
                if (!*more) return {};
                if (r.key && !keys.put(as_sv(*r.key), v.base_offset() + r.offset_delta)) {
                    full = true;
                    return {};
                }
            }
        });
        if (!st) return unexpected(st.error());
        if (full) break;
        ++cleanable;
    }
    // Phase 2: rewrite each cleanable segment next to the old one, then swap it in.
    for (std::size_t i = 0; i < cleanable; ++i) {
        const segment_ref& seg = segments[i];
        std::string log_path = segment_path(dir, seg.base_offset, k_log_suffix);
        std::string cleaned_path = log_path + k_cleaned_suffix;
        auto src = fs.open(log_path, open_mode::read_only);
        if (!src) return unexpected(src.error());
        auto dst = fs.open(cleaned_path, open_mode::create_read_write);
        if (!dst) return unexpected(dst.error());
        if (auto st = (*dst)->truncate(0); !st) return unexpected(st.error());
        auto files = std::make_shared<segment_files>(std::shared_ptr<file>(std::move(*dst)),
                                                     offset_index(seg.base_offset, offset_index_capacity(config)),
                                                     time_index(seg.base_offset, time_index_capacity(config)));
        segment_stats stats{0, seg.base_offset, -1, -1};
        std::vector<protocol::record> records;
        auto append = [&](std::span<const uint8_t> bytes) -> status {
            if (auto st = files->log->pwrite(bytes, stats.size_bytes); !st) return st;
            throttle.account(bytes.size());
            batch_info b = batch_info_of(bytes, stats.size_bytes);
            index_batch(*files, stats, b, config.index_interval_bytes);
            return {};
        };
        auto st = for_each_batch(**src, seg.size_bytes, max_batch, throttle, [&](const protocol::record_batch_view& v,
                                                                                 const batch_info&) -> status {
            if (v.is_control()) return append(v.bytes());
            auto reader = protocol::record_reader::open(v);
            if (!reader) return unexpected(reader.error());
            records.clear();
            std::vector<bool> keep;
            protocol::record r;
            for (;;) {
                auto more = reader->next(r);
                if (!more) return unexpected(more.error());
                if (!*more) break;
                int64_t offset = v.base_offset() + r.offset_delta;
                int64_t ts = v.has_log_append_time() ? v.max_timestamp() : v.base_timestamp() + r.timestamp_delta;
                bool latest = !r.key || keys.latest(as_sv(*r.key)).value_or(offset) <= offset;
                bool expired_tombstone = r.key && !r.value && now_ms - ts >= config.delete_retention_ms;
                keep.push_back(latest && !expired_tombstone);
                records.push_back(r);
            }
            std::size_t kept = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
            out.records_removed += records.size() - kept;
            if (kept == records.size()) return append(v.bytes());
            auto filtered = filter_batch(v, keep, records);
            if (!filtered) return unexpected(filtered.error());
            if (!*filtered) return {};
            return append(**filtered);
        });
        if (!st) return unexpected(st.error());
        if (stats.max_timestamp_offset >= 0) files->times.maybe_append(stats.max_timestamp, stats.max_timestamp_offset);
        if (auto s = files->log->sync(); !s) return unexpected(s.error());
        // Swap: the old indexes go first, so a crash in between leaves a log without
        // indexes (rebuilt at start-up), never a new log with old indexes.
        if (auto s = fs.remove(segment_path(dir, seg.base_offset, k_offset_index_suffix)); !s) return unexpected(s.error());
        if (auto s = fs.remove(segment_path(dir, seg.base_offset, k_time_index_suffix)); !s) return unexpected(s.error());
        if (auto s = fs.rename(cleaned_path, log_path); !s) return unexpected(s.error());
        if (auto s = persist_indexes(fs, dir, seg.base_offset, *files); !s) return unexpected(s.error());
        out.bytes_before += seg.size_bytes;
        out.bytes_after += stats.size_bytes;
        out.segments.push_back({seg.base_offset, std::move(files), stats});
    }
    return out;
}

}  // namespace sb::storage

#include "storage/segment.h"

#include <atomic>
#include <cassert>

#include "storage/open_segment_cache.h"
#include "storage/segment_name.h"

namespace sb::storage {

namespace {
std::atomic<uint64_t> g_next_segment_id{1};
}  // namespace

segment::segment(std::string dir, int64_t base_offset, segment_stats stats, int64_t created_ms)
    : dir_(std::move(dir)), base_offset_(base_offset), stats_(stats), created_ms_(created_ms),
      id_(g_next_segment_id.fetch_add(1, std::memory_order_relaxed)) {
    assert(base_offset >= 0);
    assert(stats_.next_offset >= base_offset);
}

segment::~segment() {
    if (cache != nullptr) cache->forget(*this);
}

void segment::note_batch(const batch_info& b, uint32_t index_interval_bytes) {
    assert(loaded());
    index_batch(*files_, stats_, b, index_interval_bytes);
}

void index_batch(segment_files& files, segment_stats& stats, const batch_info& b, uint32_t index_interval_bytes) {
    assert(b.position == stats.size_bytes);
    assert(b.base_offset >= stats.next_offset);
    if (b.position == 0) stats.first_batch_timestamp = b.max_timestamp;
    if (b.max_timestamp > stats.max_timestamp) {
        stats.max_timestamp = b.max_timestamp;
        stats.max_timestamp_offset = b.base_offset;
    }
    if (files.bytes_since_index_entry > index_interval_bytes && !files.offsets.full()) {
        files.offsets.append(b.base_offset, b.position);
        if (stats.max_timestamp_offset >= 0) files.times.maybe_append(stats.max_timestamp, stats.max_timestamp_offset);
        files.bytes_since_index_entry = 0;
    }
    files.bytes_since_index_entry += b.size_bytes;
    stats.size_bytes = b.end_position();
    stats.next_offset = b.next_offset();
}

std::size_t offset_index_capacity(const log_config& config) {
    return std::max<std::size_t>(1, config.segment_index_bytes / k_offset_index_entry_bytes);
}
std::size_t time_index_capacity(const log_config& config) {
    return std::max<std::size_t>(1, config.segment_index_bytes / k_time_index_entry_bytes);
}

result<std::shared_ptr<segment_files>> create_segment_files(file_system& fs, const std::string& dir,
                                                            int64_t base_offset, const log_config& config) {
    auto log = fs.open(segment_path(dir, base_offset, k_log_suffix), open_mode::create_read_write);
    if (!log) return unexpected(log.error());
    if (auto st = (*log)->truncate(0); !st) return unexpected(st.error());
    for (const char* suffix : {k_offset_index_suffix, k_time_index_suffix}) {
        auto f = fs.open(segment_path(dir, base_offset, suffix), open_mode::create_read_write);
        if (!f) return unexpected(f.error());
        if (auto st = (*f)->truncate(0); !st) return unexpected(st.error());
    }
    if (auto st = fs.sync_dir(dir); !st) return unexpected(st.error());
    return std::make_shared<segment_files>(std::shared_ptr<file>(std::move(*log)),
                                           offset_index(base_offset, offset_index_capacity(config)),
                                           time_index(base_offset, time_index_capacity(config)));
}

namespace {
std::vector<uint8_t> read_or_empty(file_system& fs, const std::string& path) {
    auto bytes = read_whole_file(fs, path);
    return bytes ? std::move(*bytes) : std::vector<uint8_t>();
}
}  // namespace

result<std::shared_ptr<segment_files>> load_segment_files(file_system& fs, const std::string& dir,
                                                          int64_t base_offset, uint64_t log_size_bytes,
                                                          const log_config& config, uint32_t max_batch_bytes,
                                                          segment_stats& stats) {
    auto log = fs.open(segment_path(dir, base_offset, k_log_suffix), open_mode::read_write);
    if (!log) return unexpected(log.error());
    std::shared_ptr<file> log_file(std::move(*log));
    auto oi = offset_index::decode(base_offset, offset_index_capacity(config),
                                   read_or_empty(fs, segment_path(dir, base_offset, k_offset_index_suffix)),
                                   log_size_bytes);
    auto ti = time_index::decode(base_offset, time_index_capacity(config),
                                 read_or_empty(fs, segment_path(dir, base_offset, k_time_index_suffix)));
    stats = segment_stats{0, base_offset, -1, -1};
    bool usable = oi && ti && (log_size_bytes == 0 || oi->size() > 0 || log_size_bytes <= config.index_interval_bytes * 2);
    if (usable) {
        // Trust the index; find the end offset from the last indexed batch onwards.
        auto files = std::make_shared<segment_files>(log_file, std::move(*oi), std::move(*ti));
        auto start = files->offsets.last();
        uint64_t pos = start ? start->position : 0;
        stats.size_bytes = pos;
        if (pos > 0) {
            auto first = read_batch_header(*log_file, 0, log_size_bytes, max_batch_bytes);
            if (first && *first) stats.first_batch_timestamp = (*first)->max_timestamp;
        }
        if (auto t = files->times.last()) {
            stats.max_timestamp = t->timestamp_ms;
            stats.max_timestamp_offset = t->offset;
        }
        while (pos < log_size_bytes) {
            auto h = read_batch_header(*log_file, pos, log_size_bytes, max_batch_bytes);
            if (!h) return unexpected(h.error());
            if (!*h) break;
            if (pos == 0) stats.first_batch_timestamp = (*h)->max_timestamp;
            if ((*h)->max_timestamp > stats.max_timestamp) {
                stats.max_timestamp = (*h)->max_timestamp;
                stats.max_timestamp_offset = (*h)->base_offset;
            }
            stats.next_offset = (*h)->next_offset();
            pos = (*h)->end_position();
        }
        stats.size_bytes = pos;
        files->bytes_since_index_entry = pos - (start ? start->position : 0);
        if (pos == log_size_bytes) return files;
        // The index pointed at something that is not a batch chain: rebuild below.
    }
    auto files = std::make_shared<segment_files>(log_file, offset_index(base_offset, offset_index_capacity(config)),
                                                 time_index(base_offset, time_index_capacity(config)));
    stats = segment_stats{0, base_offset, -1, -1};
    uint64_t pos = 0;
    while (pos < log_size_bytes) {
        auto h = read_batch_header(*log_file, pos, log_size_bytes, max_batch_bytes);
        if (!h) return unexpected(h.error());
        if (!*h) return unexpected(error_code::corrupt_message);
        index_batch(*files, stats, **h, config.index_interval_bytes);
        pos = (*h)->end_position();
    }
    // As a roll does: the last time index entry carries the segment's largest timestamp.
    if (stats.max_timestamp_offset >= 0) files->times.maybe_append(stats.max_timestamp, stats.max_timestamp_offset);
    if (auto st = persist_indexes(fs, dir, base_offset, *files); !st) return unexpected(st.error());
    return files;
}

result<std::optional<batch_info>> find_batch_holding(const segment_files& files, const segment_stats& stats,
                                                     int64_t offset, uint32_t max_batch_bytes) {
    const uint64_t end = stats.size_bytes;
    uint64_t pos = files.offsets.lookup(offset).position;
    while (pos < end) {
        auto h = read_batch_header(*files.log, pos, end, max_batch_bytes);
        if (!h) return unexpected(h.error());
        if (!*h) return unexpected(error_code::corrupt_message);
        if ((*h)->next_offset() > offset) return *h;
        pos = (*h)->end_position();
    }
    return std::optional<batch_info>();
}

result<int64_t> truncate_segment_files(segment_files& files, segment_stats& stats, int64_t base_offset,
                                       int64_t offset, uint32_t max_batch_bytes) {
    auto found = find_batch_holding(files, stats, offset, max_batch_bytes);
    if (!found) return unexpected(found.error());
    if (!*found) return stats.next_offset;  // nothing at or after offset
    const batch_info* cut = &**found;
    uint64_t pos = 0;
    if (auto st = files.log->truncate(cut->position); !st) return unexpected(st.error());
    files.offsets.truncate_from(cut->base_offset);
    files.times.truncate_from(cut->base_offset);
    // Recompute the stats from the last index entries and the batches after them.
    auto last_index = files.offsets.last();
    segment_stats fresh{0, base_offset, -1, -1};
    if (auto t = files.times.last()) {
        fresh.max_timestamp = t->timestamp_ms;
        fresh.max_timestamp_offset = t->offset;
    }
    pos = last_index ? last_index->position : 0;
    while (pos < cut->position) {
        auto h = read_batch_header(*files.log, pos, cut->position, max_batch_bytes);
        if (!h) return unexpected(h.error());
        if (!*h) return unexpected(error_code::corrupt_message);
        if ((*h)->max_timestamp > fresh.max_timestamp) {
            fresh.max_timestamp = (*h)->max_timestamp;
            fresh.max_timestamp_offset = (*h)->base_offset;
        }
        fresh.next_offset = (*h)->next_offset();
        pos = (*h)->end_position();
    }
    fresh.size_bytes = cut->position;
    if (fresh.size_bytes == 0) fresh.next_offset = base_offset;
    files.bytes_since_index_entry = cut->position - (last_index ? last_index->position : 0);
    stats = fresh;
    return stats.next_offset;
}

index_snapshot snapshot_indexes(const segment_files& files) {
    return index_snapshot{files.offsets.encode(0), files.times.encode(0)};
}

status persist_indexes(file_system& fs, const std::string& dir, int64_t base_offset, const index_snapshot& indexes) {
    if (auto st = write_file_atomically(fs, segment_path(dir, base_offset, k_offset_index_suffix), indexes.offsets);
        !st) {
        return st;
    }
    return write_file_atomically(fs, segment_path(dir, base_offset, k_time_index_suffix), indexes.times);
}

status persist_indexes(file_system& fs, const std::string& dir, int64_t base_offset, const segment_files& files) {
    return persist_indexes(fs, dir, base_offset, snapshot_indexes(files));
}

status remove_segment_files(file_system& fs, const std::string& dir, int64_t base_offset) {
    for (const char* suffix : {k_log_suffix, k_offset_index_suffix, k_time_index_suffix}) {
        if (auto st = fs.remove(segment_path(dir, base_offset, suffix)); !st) return st;
    }
    return {};
}

}  // namespace sb::storage

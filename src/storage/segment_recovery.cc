#include "storage/segment_recovery.h"

#include <limits>

#include "base/logging.h"
#include "storage/segment_name.h"

namespace sb::storage {

namespace {

std::vector<uint8_t> read_or_empty(file_system& fs, const std::string& path) {
    auto bytes = read_whole_file(fs, path);
    return bytes ? std::move(*bytes) : std::vector<uint8_t>();
}

// Loads the indexes and walks batch headers from the last indexed batch to
// `trusted_bytes`. nullopt unless the chain ends exactly there.
std::optional<std::pair<std::shared_ptr<segment_files>, segment_stats>> load_trusted_prefix(
    file_system& fs, const std::string& dir, int64_t base, std::shared_ptr<file> log, uint64_t size_bytes,
    uint64_t trusted_bytes, const log_config& config, uint32_t max_batch_bytes) {
    auto oi = offset_index::decode(base, offset_index_capacity(config),
                                   read_or_empty(fs, segment_path(dir, base, k_offset_index_suffix)), size_bytes);
    auto ti = time_index::decode(base, time_index_capacity(config),
                                 read_or_empty(fs, segment_path(dir, base, k_time_index_suffix)));
    if (!oi || !ti) return std::nullopt;
    // The index files may be newer than the checkpoint: keep what lies inside it.
    oi->truncate_from_position(trusted_bytes);
    auto start = oi->last().value_or(offset_position{base, 0});
    ti->truncate_from(start.offset + 1);
    auto files = std::make_shared<segment_files>(std::move(log), std::move(*oi), std::move(*ti));
    segment_stats stats{start.position, start.offset, -1, -1};
    if (auto t = files->times.last()) {
        stats.max_timestamp = t->timestamp_ms;
        stats.max_timestamp_offset = t->offset;
    }
    uint64_t pos = start.position;
    while (pos < trusted_bytes) {
        auto h = read_batch_header(*files->log, pos, trusted_bytes, max_batch_bytes);
        if (!h || !*h || (*h)->base_offset < stats.next_offset) return std::nullopt;
        index_batch(*files, stats, **h, config.index_interval_bytes);
        pos = (*h)->end_position();
    }
    if (pos != trusted_bytes) return std::nullopt;
    return std::make_pair(std::move(files), stats);
}

}  // namespace

result<recovered_segment> recover_segment(file_system& fs, const std::string& dir, int64_t base_offset,
                                          uint64_t size_bytes, uint64_t trusted_bytes, const log_config& config,
                                          uint32_t max_batch_bytes) {
    auto opened = fs.open(segment_path(dir, base_offset, k_log_suffix), open_mode::read_write);
    if (!opened) return unexpected(opened.error());
    std::shared_ptr<file> log(std::move(*opened));
    recovered_segment out;
    out.stats = segment_stats{0, base_offset, -1, -1};
    if (trusted_bytes > 0 && trusted_bytes <= size_bytes) {
        if (auto prefix = load_trusted_prefix(fs, dir, base_offset, log, size_bytes, trusted_bytes, config,
                                              max_batch_bytes)) {
            out.files = std::move(prefix->first);
            out.stats = prefix->second;
            out.checked_from = trusted_bytes;
        }
    }
    if (!out.files) {
        out.files = std::make_shared<segment_files>(log, offset_index(base_offset, offset_index_capacity(config)),
                                                    time_index(base_offset, time_index_capacity(config)));
    }
    out.trusted_next_offset = out.stats.next_offset;
    int32_t last_epoch = std::numeric_limits<int32_t>::min();
    auto valid_end = scan_valid_batches(
        *log, out.checked_from, size_bytes, max_batch_bytes,
        [&](const batch_info& b) {
            index_batch(*out.files, out.stats, b, config.index_interval_bytes);
            if (b.leader_epoch != last_epoch) {
                out.epoch_starts.push_back({b.leader_epoch, b.base_offset});
                last_epoch = b.leader_epoch;
            }
        },
        out.stats.next_offset);
    if (!valid_end) return unexpected(valid_end.error());
    if (*valid_end < size_bytes) {
        logging::get("storage")->warn("{}: segment {} cut from {} to {} bytes (invalid batch)", dir, base_offset,
                                      size_bytes, *valid_end);
        if (auto r = log->truncate(*valid_end); !r) return unexpected(r.error());
        out.cut = true;
    }
    if (auto r = log->sync(); !r) return unexpected(r.error());
    return out;
}

}  // namespace sb::storage

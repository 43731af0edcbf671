// Reads: locating batches through the sparse index, file ranges for sendfile plus the
// in-memory unflushed tail, and ListOffsets by timestamp.
#include <cassert>

#include "protocol/record.h"
#include "storage/partition_log.h"

namespace sb::storage {

segment* partition_log::segment_for(int64_t offset) {
    auto it = segments_.upper_bound(offset);
    if (it == segments_.begin()) return nullptr;
    return std::prev(it)->second.get();
}

void partition_log::with_loaded(segment& s, std::function<void(status, segment*)> fn) {
    if (s.loaded()) {
        if (&s != active_) deps_.cache->touch(s);
        fn({}, &s);
        return;
    }
    int64_t base = s.base_offset();
    uint64_t id = s.id();
    if (cleaning_bases_.contains(base)) {
        // Its files are being swapped by compaction: load it once that is done.
        deps_.executor->submit({}, [this, alive = std::weak_ptr<bool>(alive_), base, id, fn = std::move(fn)]() mutable {
            if (alive.expired()) return;
            auto it = segments_.find(base);
            if (it == segments_.end() || it->second->id() != id) {
                fn(unexpected(error_code::offset_out_of_range), nullptr);
                return;
            }
            with_loaded(*it->second, std::move(fn));
        });
        return;
    }
    uint64_t size = s.stats().size_bytes;
    auto loaded = std::make_shared<result<std::shared_ptr<segment_files>>>(unexpected(error_code::kafka_storage_error));
    auto stats = std::make_shared<segment_stats>();
    deps_.executor->submit(
        [fs = deps_.fs, dir = dir_, base, size, config = config_, max = deps_.limits.max_batch_bytes, loaded, stats] {
            *loaded = load_segment_files(*fs, dir, base, size, config, max, *stats);
        },
        [this, alive = std::weak_ptr<bool>(alive_), base, id, loaded, fn = std::move(fn)] {
            if (alive.expired()) return;
            auto it = segments_.find(base);
            if (it == segments_.end() || it->second->id() != id) {
                fn(unexpected(error_code::offset_out_of_range), nullptr);  // deleted meanwhile
                return;
            }
            if (!*loaded) {
                fn(unexpected(loaded->error()), nullptr);
                return;
            }
            segment& seg = *it->second;
            if (!seg.loaded()) {
                seg.attach(std::move(**loaded));
            } else {
                // Loaded twice (two reads raced): close the spare off the loop.
                deps_.executor->submit([spare = std::move(**loaded)]() mutable { spare.reset(); }, {});
            }
            if (&seg != active_) deps_.cache->touch(seg);
            fn({}, &seg);
        });
}

void partition_log::read(int64_t offset, std::size_t max_bytes, read_callback done, int64_t max_offset) {
    if (offset < log_start_offset_ || offset > next_offset_) {
        done(unexpected(error_code::offset_out_of_range));
        return;
    }
    if (offset >= written_offset_ || offset >= max_offset) {
        read_result empty;
        empty.next_offset = offset;
        done(std::move(empty));
        return;
    }
    // Never past what is written: during a segment switch the segment's stats may still
    // describe bytes that a truncation is removing.
    max_offset = std::min(max_offset, written_offset_);
    segment* s = segment_for(offset);
    assert(s != nullptr);
    with_loaded(*s, [this, offset, max_bytes, max_offset, done = std::move(done)](status st, segment* seg) mutable {
        if (!st) {
            done(unexpected(st.error()));
            return;
        }
        auto r = read_loaded(*seg, offset, max_bytes, max_offset);
        if (r && r->size_bytes == 0) {
            // Nothing at or after `offset` in this segment (compaction can leave a gap at its
            // end): continue with the next segment.
            auto next = segments_.upper_bound(seg->base_offset());
            if (next != segments_.end() && next->first < max_offset) {
                read(next->first, max_bytes, std::move(done), max_offset);
                return;
            }
        }
        done(std::move(r));
    });
}

result<read_result> partition_log::read_loaded(segment& s, int64_t offset, std::size_t max_bytes, int64_t max_offset) {
    segment_files& f = s.files();
    const uint64_t end = s.stats().size_bytes;
    const uint32_t max_batch = deps_.limits.max_batch_bytes;
    read_result r;
    r.next_offset = offset;
    // Index lookup, then a forward scan of at most index.interval.bytes of headers.
    auto first = find_batch_holding(f, s.stats(), offset, max_batch);
    if (!first) return unexpected(first.error());
    if (!*first) return r;
    const uint64_t first_pos = (*first)->position;
    uint64_t pos = first_pos;
    std::optional<batch_info> h = *first;
    while (h && h->base_offset < max_offset) {
        if (r.size_bytes > 0 && r.size_bytes + h->size_bytes > max_bytes) break;
        r.size_bytes += h->size_bytes;
        r.next_offset = h->next_offset();
        pos = h->end_position();
        if (r.size_bytes >= max_bytes || pos >= end) break;
        auto next = read_batch_header(*f.log, pos, end, max_batch);
        if (!next) return unexpected(next.error());
        h = *next;
    }
    // [first_pos, pos) holds the batches. The part still in the unflushed tail is served
    // from memory; the rest as a file range.
    uint64_t memory_from = pos;
    if (&s == active_) {
        for (const auto& t : tail_.batches()) {
            if (t.info.position >= first_pos && t.info.end_position() <= pos) {
                if (memory_from == pos) memory_from = t.info.position;
                r.memory.append(t.bytes.share(0, t.bytes.size_bytes()));
            }
        }
    }
    if (memory_from > first_pos) r.ranges.push_back({f.log, first_pos, memory_from - first_pos});
    return r;
}

void partition_log::find_offset_by_timestamp(int64_t timestamp_ms,
                                             std::function<void(result<std::optional<found_timestamp>>)> done) {
    segment* target = nullptr;
    for (auto& [base, s] : segments_) {
        if (s->stats().next_offset > log_start_offset_ && s->stats().max_timestamp >= timestamp_ms) {
            target = s.get();
            break;
        }
    }
    if (target == nullptr) {
        done(std::optional<found_timestamp>());
        return;
    }
    with_loaded(*target, [this, timestamp_ms, done = std::move(done)](status st, segment* s) {
        if (!st) {
            done(unexpected(st.error()));
            return;
        }
        segment_files& f = s->files();
        auto below = f.times.last_below(timestamp_ms);
        uint64_t pos = f.offsets.lookup(below ? below->offset : s->base_offset()).position;
        const uint64_t end = s->stats().size_bytes;
        std::vector<uint8_t> bytes;
        while (pos < end) {
            auto h = read_batch_header(*f.log, pos, end, deps_.limits.max_batch_bytes);
            if (!h || !*h) {
                done(unexpected(h ? error_code::corrupt_message : h.error()));
                return;
            }
            const batch_info& b = **h;
            pos = b.end_position();
            if (b.max_timestamp < timestamp_ms || b.next_offset() <= log_start_offset_) continue;
            if (auto r = read_batch_bytes(*f.log, b, bytes); !r) {
                done(unexpected(r.error()));
                return;
            }
            protocol::record_batch_view view(bytes);
            if (view.has_log_append_time()) {
                done(std::optional<found_timestamp>(found_timestamp{std::max(b.base_offset, log_start_offset_), b.max_timestamp}));
                return;
            }
            auto reader = protocol::record_reader::open(view);
            if (!reader) {
                done(unexpected(reader.error()));
                return;
            }
            protocol::record rec;
            for (;;) {
                auto more = reader->next(rec);
                if (!more) {
                    done(unexpected(more.error()));
                    return;
                }
                if (!*more) break;
                int64_t ts = view.base_timestamp() + rec.timestamp_delta;
                int64_t offset = view.base_offset() + rec.offset_delta;
                if (ts >= timestamp_ms && offset >= log_start_offset_) {
                    done(std::optional<found_timestamp>(found_timestamp{offset, ts}));
                    return;
                }
            }
        }
        done(std::optional<found_timestamp>());
    });
}

}  // namespace sb::storage

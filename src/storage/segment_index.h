#pragma once
// The two sparse indexes of a segment, kept in memory and persisted as flat files of
// fixed-size big-endian entries (docs/storage.md):
//   .index      8 bytes: relative offset (uint32) of a batch, byte position (uint32) of it
//   .timeindex 12 bytes: largest timestamp so far (int64), relative offset (uint32) of the
//              batch where that timestamp was reached
// An entry is added at most every index.interval.bytes of log. Lookup is a binary search
// for the last entry at or before the target followed by a forward scan of the log.
// Not thread-safe: owned by the segment's owner.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"

namespace sb::storage {

inline constexpr std::size_t k_offset_index_entry_bytes = 8;
inline constexpr std::size_t k_time_index_entry_bytes = 12;

struct offset_position {
    int64_t offset;     // absolute offset of a batch's first record
    uint64_t position;  // byte position of that batch in the .log file
};

class offset_index {
public:
    offset_index(int64_t base_offset, std::size_t max_entries);

    bool full() const { return entries_.size() >= max_entries_; }
    std::size_t size() const { return entries_.size(); }
    // Precondition: offset and position greater than the last entry's; not full.
    void append(int64_t offset, uint64_t position);
    // The last entry with offset <= target, or {base_offset, 0} when there is none.
    offset_position lookup(int64_t target) const;
    // Drops entries at or after `offset`.
    void truncate_from(int64_t offset);
    // Drops entries whose position is at or after `position`.
    void truncate_from_position(uint64_t position);
    std::optional<offset_position> last() const;

    // Bytes of entries [from, size()).
    std::vector<uint8_t> encode(std::size_t from) const;
    // Bytes of the entries whose position is below `position`.
    std::vector<uint8_t> encode_below_position(uint64_t position) const;
    // Loads a persisted index; nullopt if it is not well-formed for a log of log_size_bytes
    // (size not a multiple of the entry, offsets or positions not increasing, a position
    // past the log's end), in which case the caller rebuilds it.
    static std::optional<offset_index> decode(int64_t base_offset, std::size_t max_entries,
                                              std::span<const uint8_t> bytes, uint64_t log_size_bytes);

private:
    struct entry {
        uint32_t relative_offset;
        uint32_t position;
    };
    int64_t base_offset_;
    std::size_t max_entries_;
    std::vector<entry> entries_;
};

struct timestamp_offset {
    int64_t timestamp_ms;
    int64_t offset;
};

class time_index {
public:
    time_index(int64_t base_offset, std::size_t max_entries);

    bool full() const { return entries_.size() >= max_entries_; }
    std::size_t size() const { return entries_.size(); }
    // Adds an entry if timestamp_ms is larger than the last entry's (the index is monotonic).
    void maybe_append(int64_t timestamp_ms, int64_t offset);
    // The last entry whose timestamp is < target: every batch up to and including its
    // offset has timestamps below target, so a scan may start there. nullopt: start at the
    // segment's beginning.
    std::optional<timestamp_offset> last_below(int64_t target_ms) const;
    void truncate_from(int64_t offset);
    std::optional<timestamp_offset> last() const;

    std::vector<uint8_t> encode(std::size_t from) const;
    // Bytes of the entries whose offset is below `offset`.
    std::vector<uint8_t> encode_below_offset(int64_t offset) const;
    static std::optional<time_index> decode(int64_t base_offset, std::size_t max_entries,
                                            std::span<const uint8_t> bytes);

private:
    struct entry {
        int64_t timestamp_ms;
        uint32_t relative_offset;
    };
    int64_t base_offset_;
    std::size_t max_entries_;
    std::vector<entry> entries_;
};

}  // namespace sb::storage

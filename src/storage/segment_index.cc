#include "storage/segment_index.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "protocol/record_batch.h"

namespace sb::storage {

using protocol::load_be32;
using protocol::load_be64;
using protocol::store_be32;
using protocol::store_be64;

offset_index::offset_index(int64_t base_offset, std::size_t max_entries)
    : base_offset_(base_offset), max_entries_(max_entries) {
    assert(base_offset >= 0);
    assert(max_entries > 0);
}

void offset_index::append(int64_t offset, uint64_t position) {
    assert(!full());
    assert(offset >= base_offset_ && offset - base_offset_ <= std::numeric_limits<uint32_t>::max());
    assert(position <= std::numeric_limits<uint32_t>::max());
    auto rel = static_cast<uint32_t>(offset - base_offset_);
    auto pos = static_cast<uint32_t>(position);
    assert(entries_.empty() || (rel > entries_.back().relative_offset && pos > entries_.back().position));
    entries_.push_back({rel, pos});
}

offset_position offset_index::lookup(int64_t target) const {
    if (target < base_offset_) return {base_offset_, 0};
    uint64_t rel = static_cast<uint64_t>(target - base_offset_);
    auto it = std::upper_bound(entries_.begin(), entries_.end(), rel,
                               [](uint64_t r, const entry& e) { return r < e.relative_offset; });
    if (it == entries_.begin()) return {base_offset_, 0};
    --it;
    return {base_offset_ + it->relative_offset, it->position};
}

void offset_index::truncate_from(int64_t offset) {
    while (!entries_.empty() && base_offset_ + entries_.back().relative_offset >= offset) entries_.pop_back();
}

void offset_index::truncate_from_position(uint64_t position) {
    while (!entries_.empty() && entries_.back().position >= position) entries_.pop_back();
}

std::vector<uint8_t> offset_index::encode_below_position(uint64_t position) const {
    std::size_t n = entries_.size();
    while (n > 0 && entries_[n - 1].position >= position) --n;
    auto all = encode(0);
    all.resize(n * k_offset_index_entry_bytes);
    return all;
}

std::optional<offset_position> offset_index::last() const {
    if (entries_.empty()) return std::nullopt;
    return offset_position{base_offset_ + entries_.back().relative_offset, entries_.back().position};
}

std::vector<uint8_t> offset_index::encode(std::size_t from) const {
    assert(from <= entries_.size());
    std::vector<uint8_t> out((entries_.size() - from) * k_offset_index_entry_bytes);
    for (std::size_t i = from; i < entries_.size(); ++i) {
        uint8_t* p = out.data() + (i - from) * k_offset_index_entry_bytes;
        store_be32(p, entries_[i].relative_offset);
        store_be32(p + 4, entries_[i].position);
    }
    return out;
}

std::optional<offset_index> offset_index::decode(int64_t base_offset, std::size_t max_entries,
                                                 std::span<const uint8_t> bytes, uint64_t log_size_bytes) {
    if (bytes.size() % k_offset_index_entry_bytes != 0) return std::nullopt;
    std::size_t n = bytes.size() / k_offset_index_entry_bytes;
    if (n > max_entries) return std::nullopt;
    offset_index index(base_offset, max_entries);
    for (std::size_t i = 0; i < n; ++i) {
        const uint8_t* p = bytes.data() + i * k_offset_index_entry_bytes;
        entry e{load_be32(p), load_be32(p + 4)};
        if (e.position >= log_size_bytes) return std::nullopt;
        if (!index.entries_.empty() && (e.relative_offset <= index.entries_.back().relative_offset ||
                                        e.position <= index.entries_.back().position)) {
            return std::nullopt;
        }
        index.entries_.push_back(e);
    }
    return index;
}

time_index::time_index(int64_t base_offset, std::size_t max_entries)
    : base_offset_(base_offset), max_entries_(max_entries) {
    assert(base_offset >= 0);
    assert(max_entries > 0);
}

void time_index::maybe_append(int64_t timestamp_ms, int64_t offset) {
    if (full()) return;
    if (!entries_.empty() && timestamp_ms <= entries_.back().timestamp_ms) return;
    assert(offset >= base_offset_ && offset - base_offset_ <= std::numeric_limits<uint32_t>::max());
    auto rel = static_cast<uint32_t>(offset - base_offset_);
    assert(entries_.empty() || rel > entries_.back().relative_offset);
    entries_.push_back({timestamp_ms, rel});
}

std::optional<timestamp_offset> time_index::last_below(int64_t target_ms) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), target_ms,
                               [](const entry& e, int64_t t) { return e.timestamp_ms < t; });
    if (it == entries_.begin()) return std::nullopt;
    --it;
    return timestamp_offset{it->timestamp_ms, base_offset_ + it->relative_offset};
}

void time_index::truncate_from(int64_t offset) {
    while (!entries_.empty() && base_offset_ + entries_.back().relative_offset >= offset) entries_.pop_back();
}

std::vector<uint8_t> time_index::encode_below_offset(int64_t offset) const {
    std::size_t n = entries_.size();
    while (n > 0 && base_offset_ + entries_[n - 1].relative_offset >= offset) --n;
    auto all = encode(0);
    all.resize(n * k_time_index_entry_bytes);
    return all;
}

std::optional<timestamp_offset> time_index::last() const {
    if (entries_.empty()) return std::nullopt;
    return timestamp_offset{entries_.back().timestamp_ms, base_offset_ + entries_.back().relative_offset};
}

std::vector<uint8_t> time_index::encode(std::size_t from) const {
    assert(from <= entries_.size());
    std::vector<uint8_t> out((entries_.size() - from) * k_time_index_entry_bytes);
    for (std::size_t i = from; i < entries_.size(); ++i) {
        uint8_t* p = out.data() + (i - from) * k_time_index_entry_bytes;
        store_be64(p, static_cast<uint64_t>(entries_[i].timestamp_ms));
        store_be32(p + 8, entries_[i].relative_offset);
    }
    return out;
}

std::optional<time_index> time_index::decode(int64_t base_offset, std::size_t max_entries,
                                             std::span<const uint8_t> bytes) {
    if (bytes.size() % k_time_index_entry_bytes != 0) return std::nullopt;
    std::size_t n = bytes.size() / k_time_index_entry_bytes;
    if (n > max_entries) return std::nullopt;
    time_index index(base_offset, max_entries);
    for (std::size_t i = 0; i < n; ++i) {
        const uint8_t* p = bytes.data() + i * k_time_index_entry_bytes;
        entry e{static_cast<int64_t>(load_be64(p)), load_be32(p + 8)};
        if (!index.entries_.empty() && (e.timestamp_ms <= index.entries_.back().timestamp_ms ||
                                        e.relative_offset <= index.entries_.back().relative_offset)) {
            return std::nullopt;
        }
        index.entries_.push_back(e);
    }
    return index;
}

}  // namespace sb::storage

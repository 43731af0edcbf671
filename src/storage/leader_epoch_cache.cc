#include "storage/leader_epoch_cache.h"

#include <algorithm>
#include <cassert>

namespace sb::storage {

bool leader_epoch_cache::assign(int32_t epoch, int64_t offset) {
    if (epoch < 0) return false;  // batches written without an epoch (-1) carry none
    if (!entries_.empty()) {
        if (epoch <= entries_.back().epoch) return false;
        assert(offset >= entries_.back().start_offset);
        // A newer epoch at the same offset replaces the older one: it never had records.
        if (offset == entries_.back().start_offset) entries_.pop_back();
    }
    entries_.push_back({epoch, offset});
    return true;
}

void leader_epoch_cache::truncate_from_end(int64_t offset) {
    while (!entries_.empty() && entries_.back().start_offset >= offset) entries_.pop_back();
}

void leader_epoch_cache::truncate_from_start(int64_t offset) {
    // Keep the last entry starting at or before offset, moved up to offset.
    auto it = std::upper_bound(entries_.begin(), entries_.end(), offset,
                               [](int64_t o, const epoch_entry& e) { return o < e.start_offset; });
    if (it == entries_.begin()) return;
    --it;
    it->start_offset = offset;
    entries_.erase(entries_.begin(), it);
}

epoch_end_offset leader_epoch_cache::end_offset_for(int32_t epoch, int64_t log_end_offset) const {
    if (entries_.empty() || epoch < entries_.front().epoch) return {-1, -1};
    auto it = std::upper_bound(entries_.begin(), entries_.end(), epoch,
                               [](int32_t e, const epoch_entry& x) { return e < x.epoch; });
    assert(it != entries_.begin());
    auto found = std::prev(it);
    int64_t end = it == entries_.end() ? log_end_offset : it->start_offset;
    return {found->epoch, end};
}

std::optional<epoch_entry> leader_epoch_cache::latest() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.back();
}

}  // namespace sb::storage

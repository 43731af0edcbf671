#include "cluster/producer_state.h"

#include <cassert>
#include <fmt/format.h>

namespace sb::cluster {
namespace {

bool in_sequence(int32_t last_sequence, int32_t next_sequence) {
    return static_cast<int64_t>(next_sequence) == static_cast<int64_t>(last_sequence) + 1 ||
           (next_sequence == 0 && last_sequence == INT32_MAX);
}

}  // namespace

int32_t last_sequence_of(int32_t base_sequence, int32_t last_offset_delta) {
    assert(base_sequence >= 0 && last_offset_delta >= 0);
    if (base_sequence > INT32_MAX - last_offset_delta) return base_sequence - (INT32_MAX - last_offset_delta) - 1;
    return base_sequence + last_offset_delta;
}

sb::result<std::optional<producer_batch>, sequence_error> producer_state::check(int64_t producer_id, int16_t epoch,
                                                                                int32_t first_sequence,
                                                                                int32_t last_sequence) const {
    assert(producer_id >= 0 && first_sequence >= 0);
    auto it = entries_.find(producer_id);
    if (it == entries_.end()) return std::optional<producer_batch>();  // unknown: any sequence (KIP-360)
    const producer_entry& entry = it->second;
    if (epoch == entry.epoch) {
        for (const producer_batch& b : entry.batches) {
            if (b.first_sequence == first_sequence && b.last_sequence == last_sequence) return std::optional(b);
        }
    }
    if (epoch < entry.epoch) {
        return sb::unexpected(sequence_error{
            error_code::invalid_producer_epoch,
            fmt::format("Epoch of producer {} is {}, which is smaller than the last seen epoch {}", producer_id, epoch,
                        entry.epoch)});
    }
    if (epoch > entry.epoch) {
        if (first_sequence != 0) {
            return sb::unexpected(sequence_error{
                error_code::out_of_order_sequence_number,
                fmt::format("Invalid sequence number for new epoch of producer {}: {} (request epoch), {} (seq. "
                            "number), {} (current producer epoch)",
                            producer_id, epoch, first_sequence, entry.epoch)});
        }
        return std::optional<producer_batch>();
    }
    const int32_t last = entry.batches.empty() ? -1 : entry.batches.back().last_sequence;
    if (!entry.batches.empty() && !in_sequence(last, first_sequence)) {
        return sb::unexpected(sequence_error{
            error_code::out_of_order_sequence_number,
            fmt::format("Out of order sequence number for producer {}: {} (incoming seq. number), {} (current end "
                        "sequence number)",
                        producer_id, first_sequence, last)});
    }
    return std::optional<producer_batch>();
}

void producer_state::record(int64_t producer_id, int16_t epoch, const producer_batch& batch, int64_t now_ms) {
    auto it = entries_.find(producer_id);
    if (it == entries_.end()) {
        if (entries_.size() >= max_producers_) evict_least_recently_used();
        it = entries_.emplace(producer_id, producer_entry{}).first;
    }
    producer_entry& entry = it->second;
    if (entry.epoch != epoch) {
        entry.batches.clear();
        entry.epoch = epoch;
    }
    entry.batches.push_back(batch);
    while (entry.batches.size() > k_producer_batches_retained) entry.batches.pop_front();
    entry.last_update_ms = std::max(entry.last_update_ms, now_ms);
    assert(entries_.size() <= max_producers_);
}

std::size_t producer_state::expire(int64_t now_ms, int64_t expiration_ms) {
    std::size_t removed = 0;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (now_ms - it->second.last_update_ms > expiration_ms) {
            it = entries_.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

void producer_state::evict_least_recently_used() {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->second.last_update_ms < oldest->second.last_update_ms) oldest = it;
    }
    if (oldest != entries_.end()) entries_.erase(oldest);
}

}  // namespace sb::cluster

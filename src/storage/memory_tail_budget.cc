#include "storage/memory_tail_budget.h"

#include <cassert>

namespace sb::storage {

memory_tail_budget::~memory_tail_budget() {
    // Every log of the shard is gone before its budget.
    assert(order_.empty() && used_bytes_ == 0);
}

void memory_tail_budget::grew(holder& h, std::size_t bytes) {
    used_bytes_ += bytes;
    if (h.place_) order_.erase(*h.place_);
    h.place_ = order_.insert(order_.end(), &h);
    while (used_bytes_ > limit_bytes_ && !order_.empty()) {
        holder& victim = *order_.front();
        const std::size_t shed = victim.shed_oldest();
        assert(shed <= used_bytes_);
        used_bytes_ -= shed;
        if (victim.holds_nothing()) leave(victim);
    }
}

void memory_tail_budget::shrank(holder& h, std::size_t bytes, bool now_empty) {
    assert(bytes <= used_bytes_);
    used_bytes_ -= bytes;
    if (now_empty) leave(h);
}

void memory_tail_budget::leave(holder& h) {
    if (!h.place_) return;
    order_.erase(*h.place_);
    h.place_.reset();
}

}  // namespace sb::storage

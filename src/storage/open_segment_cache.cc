#include "storage/open_segment_cache.h"

#include <cassert>

#include "storage/segment.h"

namespace sb::storage {

open_segment_cache::open_segment_cache(std::size_t capacity, blocking_executor& executor)
    : capacity_(capacity), executor_(executor) {
    assert(capacity > 0);
}

open_segment_cache::~open_segment_cache() {
    for (segment* s : lru_) s->cache = nullptr;
}

void open_segment_cache::touch(segment& s) {
    assert(s.loaded());
    if (s.cache == this) {
        lru_.splice(lru_.begin(), lru_, s.cache_pos);
        return;
    }
    assert(s.cache == nullptr);
    lru_.push_front(&s);
    s.cache = this;
    s.cache_pos = lru_.begin();
    while (lru_.size() > capacity_) {
        segment* victim = lru_.back();
        lru_.pop_back();
        victim->cache = nullptr;
        // Closing a file can block (it may flush); drop the last reference off the loop.
        executor_.submit([files = victim->detach()]() mutable { files.reset(); }, {});
    }
    assert(lru_.size() <= capacity_);
}

void open_segment_cache::forget(segment& s) {
    if (s.cache != this) return;
    lru_.erase(s.cache_pos);
    s.cache = nullptr;
}

}  // namespace sb::storage

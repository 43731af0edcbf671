#pragma once
// Bounds the open files of a shard: an LRU of segments (other than active ones) whose log
// file and indexes are loaded. When more than `capacity` are open, the least recently used
// segment's files are detached and closed on the blocking executor.
//
// One per shard, shared by all of its partition logs; not thread-safe.

#include <cstddef>
#include <list>

#include "storage/blocking_executor.h"

namespace sb::storage {

class segment;

class open_segment_cache {
public:
    open_segment_cache(std::size_t capacity, blocking_executor& executor);
    ~open_segment_cache();
    open_segment_cache(const open_segment_cache&) = delete;
    open_segment_cache& operator=(const open_segment_cache&) = delete;

    // Marks s (loaded) as just used, inserting it if needed; may evict others.
    void touch(segment& s);
    // Stops tracking s (it is being destroyed or became the active segment).
    void forget(segment& s);
    std::size_t size() const { return lru_.size(); }
    std::size_t capacity() const { return capacity_; }

private:
    std::size_t capacity_;
    blocking_executor& executor_;
    std::list<segment*> lru_;  // most recently used first
};

}  // namespace sb::storage

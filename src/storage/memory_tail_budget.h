#pragma once
// memory_tail_budget: one shard's limit on the memory that its partition logs keep for
// their unflushed tails (memory_tail.h). A per-log limit alone lets memory grow with the
// number of partitions: a thousand partitions that each received a few batches would pin
// those batches until their next fsync, which on an idle partition may never come.
//
// Over the limit, the holders that grew least recently give up their tails first, oldest
// batch first: a partition still being written and read keeps its tail the longest. What
// a holder gives up stays readable from its segment file (the page cache), so the limit
// costs reads a copy from the kernel, never data.
//
// Not thread-safe: owned by one shard, like the logs that use it.

#include <cstddef>
#include <list>
#include <optional>

namespace sb::storage {

class memory_tail_budget {
public:
    // Something that keeps bytes under this budget.
    class holder {
    public:
        // Drops the oldest batch kept; returns the bytes it was charged (0 when none).
        virtual std::size_t shed_oldest() = 0;
        virtual bool holds_nothing() const = 0;

    protected:
        holder() = default;
        ~holder() = default;
        holder(const holder&) = delete;
        holder& operator=(const holder&) = delete;

    private:
        friend class memory_tail_budget;
        std::optional<std::list<holder*>::iterator> place_;  // in order_, while it holds bytes
    };

    explicit memory_tail_budget(std::size_t limit_bytes) : limit_bytes_(limit_bytes) {}
    ~memory_tail_budget();
    memory_tail_budget(const memory_tail_budget&) = delete;
    memory_tail_budget& operator=(const memory_tail_budget&) = delete;

    // `h` now keeps `bytes` more and becomes the most recent holder; then holders shed
    // batches, least recent first, until the total is within the limit (possibly `h`'s
    // own, when it alone is over it).
    void grew(holder& h, std::size_t bytes);
    // `h` dropped `bytes` by itself (flushed, truncated or destroyed); `now_empty` when it
    // keeps nothing any more.
    void shrank(holder& h, std::size_t bytes, bool now_empty);

    std::size_t used_bytes() const { return used_bytes_; }
    std::size_t limit_bytes() const { return limit_bytes_; }
    std::size_t holders() const { return order_.size(); }

private:
    void leave(holder& h);

    std::size_t limit_bytes_;
    std::size_t used_bytes_ = 0;
    std::list<holder*> order_;  // holders with bytes, least recently grown first
};

}  // namespace sb::storage

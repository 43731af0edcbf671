#pragma once
// memory_tail: the batches of a partition log's active segment that are written but not
// yet fsynced, kept in memory so that fetches right behind the producers are answered
// without reading the file. Always a suffix of the written log: batches leave from the
// front (flushed, shed for memory) or from the back (truncation), never from the middle,
// so a read can take the file up to the tail's first batch and memory after it.
//
// A batch is kept as the iobuf it was written from, which usually shares the Produce
// request's frame. It is charged what it keeps alive - the capacity of every buffer it
// refers to, not its own length - so that a small batch cut from a large request cannot
// hold far more memory than the limits allow. A batch whose charge alone is over the
// log's limit is not kept: readers get it from the file.
//
// Limits: max_bytes per log and, when given, the shard's memory_tail_budget.
// Not thread-safe: owned by the log's shard.

#include <cstddef>
#include <list>

#include "base/iobuf.h"
#include "storage/batch_scan.h"
#include "storage/memory_tail_budget.h"

namespace sb::storage {

class memory_tail final : public memory_tail_budget::holder {
public:
    struct batch {
        batch_info info;
        iobuf bytes;
        std::size_t charge;  // bytes of buffers `bytes` keeps alive
    };

    memory_tail(std::size_t max_bytes, memory_tail_budget* budget) : max_bytes_(max_bytes), budget_(budget) {}
    ~memory_tail();
    memory_tail(const memory_tail&) = delete;
    memory_tail& operator=(const memory_tail&) = delete;

    // The batch just written at info.position, right after the last one kept (or after
    // batches that are no longer kept).
    void push(const batch_info& info, iobuf bytes);
    // Drops the batches wholly below `offset` (they are fsynced).
    void drop_below(int64_t offset);
    // Drops the batches that start at or after `offset` (truncation).
    void drop_from(int64_t offset);
    void clear();

    const std::list<batch>& batches() const { return batches_; }
    bool empty() const { return batches_.empty(); }
    // What the kept batches are charged (at least their length).
    std::size_t charged_bytes() const { return charged_bytes_; }

    std::size_t shed_oldest() override;
    bool holds_nothing() const override { return batches_.empty(); }

    // The bytes of every distinct buffer `b` refers to.
    static std::size_t charge_of(const iobuf& b);

private:
    void pop_front();
    void pop_back();

    std::size_t max_bytes_;
    memory_tail_budget* budget_;
    std::list<batch> batches_;  // a list: nothing allocated while empty
    std::size_t charged_bytes_ = 0;
};

}  // namespace sb::storage

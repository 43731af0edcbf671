#include "sim/memory_storage.h"

#include <cassert>
#include <utility>

namespace sb::raft::sim {

memory_storage::memory_storage(configuration initial) {
    snapshot_.config = std::move(initial);
}

log_index memory_storage::last_index() const {
    return snapshot_.last_index + static_cast<log_index>(entries_.size());
}

const entry& memory_storage::at(log_index index) const {
    assert(index > snapshot_.last_index && index <= last_index());
    const entry& e = entries_[static_cast<std::size_t>(index - snapshot_.last_index - 1)];
    assert(e.index == index);
    return e;
}

term_id memory_storage::term_at(log_index index) const { return at(index).term; }

void memory_storage::read(log_index from, log_index to, std::size_t max_bytes,
                          std::vector<entry>& out) const {
    assert(from <= to);
    std::size_t bytes = 0;
    for (log_index i = from; i <= to; ++i) {
        const entry& e = at(i);
        if (i > from && bytes + entry_size_bytes(e) > max_bytes) break;
        bytes += entry_size_bytes(e);
        out.push_back(e);
    }
}

std::vector<indexed_configuration> memory_storage::configurations() const {
    std::vector<indexed_configuration> out;
    for (const entry& e : entries_) {
        if (e.kind != entry_kind::configuration) continue;
        result<configuration> config = decode_configuration(e.data.bytes());
        assert(config.has_value());
        out.push_back(indexed_configuration{e.index, std::move(*config)});
    }
    return out;
}

void memory_storage::apply(const persist_op& op) {
    if (op.snapshot) {
        // Installing a leader's snapshot replaces the whole log.
        snapshot_ = op.snapshot->meta;
        snapshot_data_ = op.snapshot->data;
        entries_.clear();
    }
    if (!op.entries.empty()) {
        const log_index first = op.entries.front().index;
        assert(first > snapshot_.last_index && first <= last_index() + 1);
        while (last_index() >= first) entries_.pop_back();
        for (const entry& e : op.entries) {
            assert(e.index == last_index() + 1);
            entries_.push_back(e);
        }
    }
    if (op.state) state_ = *op.state;
}

void memory_storage::compact(snapshot_meta meta, payload data) {
    assert(meta.last_index <= last_index());
    assert(meta.last_index >= snapshot_.last_index);
    while (!entries_.empty() && entries_.front().index <= meta.last_index) entries_.pop_front();
    snapshot_ = std::move(meta);
    snapshot_data_ = std::move(data);
}

}  // namespace sb::raft::sim

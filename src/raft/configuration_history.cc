#include "raft/configuration_history.h"

#include <cassert>
#include <utility>

namespace sb::raft {

configuration_history::configuration_history(indexed_configuration base) {
    entries_.push_back(std::move(base));
}

const configuration& configuration_history::at(log_index index) const {
    assert(!entries_.empty());
    assert(index >= entries_.front().index);
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
        if (it->index <= index) return it->config;
    }
    return entries_.front().config;  // unreachable given the precondition
}

void configuration_history::append(indexed_configuration entry) {
    assert(entry.index > latest().index);
    entries_.push_back(std::move(entry));
}

void configuration_history::truncate_from(log_index index) {
    assert(index > entries_.front().index);
    while (entries_.back().index >= index) entries_.pop_back();
    assert(!entries_.empty());
}

void configuration_history::compact_to(log_index index) {
    std::size_t keep_from = 0;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].index <= index) keep_from = i;
    }
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(keep_from));
    assert(!entries_.empty());
}

void configuration_history::reset(indexed_configuration base) {
    entries_.clear();
    entries_.push_back(std::move(base));
}

}  // namespace sb::raft

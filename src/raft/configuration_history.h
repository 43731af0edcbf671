#pragma once
// configuration_history: the configurations found in the log, newest last.
//
// The newest one is in effect (even uncommitted). Older ones are kept for two reasons:
// a follower that truncates an uncommitted configuration entry falls back to the one
// before it, and a snapshot taken at applied index A must record the configuration in
// effect at A, which may be older than the newest. Entries at or below the applied index
// that a newer one supersedes are dropped (compact_to), so the history holds one entry
// plus the configuration entries not yet applied: a handful, since a leader allows only
// one uncommitted change at a time.

#include <vector>

#include "raft/configuration.h"
#include "raft/types.h"

namespace sb::raft {

struct indexed_configuration {
    log_index index = 0;  // of the entry (or snapshot) that carried it
    configuration config;
};

class configuration_history {
public:
    explicit configuration_history(indexed_configuration base);

    const indexed_configuration& latest() const { return entries_.back(); }
    // The configuration in effect at `index`; requires index >= the oldest entry's index.
    const configuration& at(log_index index) const;

    // Requires entry.index > latest().index.
    void append(indexed_configuration entry);
    // Forgets configurations at or after `index` (their entries were truncated). The
    // oldest entry is always at or below the commit index, so it is never dropped.
    void truncate_from(log_index index);
    // Drops the configurations that a newer one at or below `index` supersedes.
    void compact_to(log_index index);
    // Starts over from a snapshot's configuration.
    void reset(indexed_configuration base);

    std::size_t size() const { return entries_.size(); }

private:
    std::vector<indexed_configuration> entries_;  // ascending index, never empty
};

}  // namespace sb::raft

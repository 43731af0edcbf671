#pragma once
// log_view: the durable log, as the Raft core reads it.
//
// The core holds the entries it has produced but that are not durable yet (raft_log.h);
// everything at or below the durable index it reads through this interface. The binding
// layer implements it over the storage layer's partition log, the simulator over memory.
// Reads are synchronous and must be cheap (a cache of recent batches, term lookups from
// an index); the core asks only for entries the follower it replicates to needs.
//
// Shape of the log: a snapshot covers indexes [1, snapshot.last_index] (the compacted
// prefix), then entries (snapshot.last_index, last_index()] are held.

#include <cstddef>
#include <vector>

#include "raft/configuration.h"
#include "raft/configuration_history.h"
#include "raft/entry.h"
#include "raft/types.h"

namespace sb::raft {

struct snapshot_meta {
    log_index last_index = 0;  // last index the snapshot covers
    term_id last_term = 0;     // term of that entry
    configuration config;      // the configuration in effect at last_index

    bool operator==(const snapshot_meta&) const = default;
};

class log_view {
public:
    virtual ~log_view() = default;

    virtual log_index snapshot_index() const = 0;
    virtual term_id snapshot_term() const = 0;
    virtual snapshot_meta snapshot() const = 0;
    // The state machine's snapshot bytes (empty for a data partition, whose "state" is the
    // log itself).
    virtual payload snapshot_payload() const = 0;

    // snapshot_index() when no entries are held.
    virtual log_index last_index() const = 0;
    // Requires snapshot_index() < index <= last_index().
    virtual term_id term_at(log_index index) const = 0;
    // Appends entries [from, to] to `out`, stopping before the total entry_size_bytes would
    // pass max_bytes, but always at least one. Requires snapshot_index() < from <= to <=
    // last_index().
    virtual void read(log_index from, log_index to, std::size_t max_bytes,
                      std::vector<entry>& out) const = 0;
    // The configuration entries held (index > snapshot_index()), oldest first. The storage
    // layer keeps these indexed (they are control batches) so a restart never scans the log.
    virtual std::vector<indexed_configuration> configurations() const = 0;

    log_index first_index() const { return snapshot_index() + 1; }
};

}  // namespace sb::raft

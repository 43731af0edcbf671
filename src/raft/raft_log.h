#pragma once
// raft_log: the log as one node sees it — the durable part (a log_view) plus the entries
// it has produced or received that are not durable yet, with the commit and apply marks.
//
//   snapshot        durable entries               not durable yet (held here)
//   [1 .. S]        (S .. offset-1]                [offset .. last]
//                                                   ^ handed out for persisting up to
//                                                     persist_cursor - 1
//
// Entries at or above `offset` are read from memory, the others from the log_view. A
// follower that must replace a conflicting suffix moves `offset` (and the persist cursor)
// back to the first replaced index: the next ready then tells the binding to truncate
// there before appending. on_persisted() moves `offset` forward once entries are durable.
//
// A snapshot received from the leader is held here until installed; meanwhile it stands
// in for the whole prefix and the log_view is not read at all.

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "raft/entry.h"
#include "raft/log_view.h"
#include "raft/ready.h"
#include "raft/types.h"

namespace sb::raft {

class raft_log {
public:
    raft_log(const log_view& durable, log_index commit_index, log_index applied_index);

    // Indexes held, either in memory or in the log_view; first_index() - 1 is the snapshot.
    log_index first_index() const;
    log_index last_index() const { return offset_ + static_cast<log_index>(pending_.size()) - 1; }
    term_id last_term() const;
    // The term of the entry at `index`; the snapshot's term at first_index() - 1, 0 at 0,
    // nothing when compacted away or beyond the end.
    std::optional<term_id> term_at(log_index index) const;
    bool matches(log_index index, term_id term) const;
    // Raft section 5.4.1: a log ending at (last_index, last_term) is at least as up to date
    // as this one.
    bool is_up_to_date(log_index last_index, term_id last_term) const;

    // Entries [from, last_index()], as many as fit in max_bytes but at least one.
    // Requires first_index() <= from <= last_index().
    std::vector<entry> read(log_index from, std::size_t max_bytes) const;
    // The same, ending at `to` at the latest.
    std::vector<entry> read(log_index from, log_index to, std::size_t max_bytes) const;
    // Among `entries` (consecutive, as received in an append request), the position of the
    // first one this log does not already hold with the same term; entries.size() if all are.
    std::size_t first_new(const std::vector<entry>& entries) const;
    // The largest index <= `index` whose term is <= `term`, or the snapshot index if the
    // search reaches it. Used for the fast back-off hints.
    log_index last_index_with_term_at_most(log_index index, term_id term) const;

    // Appends entries that start at most one past the end. Anything from the first entry's
    // index on is replaced; it must be above the commit index.
    void append(std::vector<entry> entries);

    log_index commit_index() const { return commit_index_; }
    // Requires index <= last_index(); never moves back.
    void commit_to(log_index index);
    log_index applied_index() const { return applied_index_; }
    // Everything at or below this is durable on this node.
    log_index durable_index() const;

    // Committed, durable entries not handed to the state machine yet (at least one when
    // there are any), now counted as applied.
    std::vector<entry> take_entries_to_apply(std::size_t max_bytes);
    bool has_entries_to_apply() const;

    std::vector<entry> take_entries_to_persist();
    bool has_entries_to_persist() const { return persist_cursor_ <= last_index(); }
    // The entries up to (index, term) are durable.
    void on_persisted(log_index index, term_id term);

    // Replaces the whole log with a snapshot from the leader; it commits and applies up to
    // its last index. Requires meta.last_index > commit_index().
    void restore(snapshot_meta meta, payload data);
    std::optional<snapshot_install> take_snapshot_to_install();
    bool has_snapshot_to_install() const { return incoming_snapshot_ && !snapshot_handed_out_; }
    bool installing_snapshot() const { return incoming_snapshot_.has_value(); }
    void on_snapshot_installed(log_index index);

    const log_view& durable() const { return durable_; }

private:
    const entry& pending_at(log_index index) const;

    const log_view& durable_;
    log_index offset_;            // index of pending_.front()
    std::deque<entry> pending_;   // not durable yet
    log_index persist_cursor_;    // first pending index not handed out in a ready yet
    log_index commit_index_;
    log_index applied_index_;
    // A snapshot received from the leader, not installed yet; `snapshot_handed_out_` once a
    // ready carried it.
    std::optional<snapshot_install> incoming_snapshot_;
    bool snapshot_handed_out_ = false;
};

}  // namespace sb::raft

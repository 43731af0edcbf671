#pragma once
// The first offset of each leader epoch in the log (Kafka's leader-epoch-checkpoint), used
// to answer OffsetForLeaderEpoch and by Raft (the epoch is the Raft term, carried in each
// batch's partitionLeaderEpoch). Entries have strictly increasing epochs and offsets.
// Persisted by the partition log inside its partition state file. Not thread-safe.

#include <cstdint>
#include <optional>
#include <vector>

namespace sb::storage {

struct epoch_entry {
    int32_t epoch;
    int64_t start_offset;
    bool operator==(const epoch_entry&) const = default;
};

struct epoch_end_offset {
    int32_t epoch;       // the largest known epoch <= the requested one; -1 if none
    int64_t end_offset;  // first offset after it (the next epoch's start or the log end); -1 if none
    bool operator==(const epoch_end_offset&) const = default;
};

class leader_epoch_cache {
public:
    // Records that `epoch` starts at `offset` if it is newer than the latest epoch.
    // Returns true when an entry was added (the caller persists the cache).
    bool assign(int32_t epoch, int64_t offset);
    // Removes epochs starting at or after `offset` (the log was truncated to it).
    void truncate_from_end(int64_t offset);
    // The log now starts at `offset`: entries wholly before it are dropped and the epoch
    // that covers it starts there.
    void truncate_from_start(int64_t offset);
    // OffsetForLeaderEpoch: the end offset of `epoch` given the log end.
    epoch_end_offset end_offset_for(int32_t epoch, int64_t log_end_offset) const;

    std::optional<epoch_entry> latest() const;
    const std::vector<epoch_entry>& entries() const { return entries_; }
    void assign_all(std::vector<epoch_entry> entries) { entries_ = std::move(entries); }

private:
    std::vector<epoch_entry> entries_;
};

}  // namespace sb::storage

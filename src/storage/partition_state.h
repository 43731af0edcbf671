#pragma once
// The small durable state of one partition directory, kept in "partition.state" (a
// kv_store file): log start offset, recovery point (every segment below it is known to be
// fsynced), compaction checkpoint and the leader epoch cache.

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "storage/kv_store.h"
#include "storage/leader_epoch_cache.h"

namespace sb::storage {

struct partition_state {
    int64_t log_start_offset = 0;
    int64_t recovery_point = 0;
    // Bytes at the start of the segment based at recovery_point that are known durable,
    // whole batches, covered by that segment's index files: recovery checks only the rest.
    int64_t recovery_position = 0;
    int64_t cleaner_checkpoint = 0;  // first offset not yet compacted
    std::vector<epoch_entry> epochs;

    bool operator==(const partition_state&) const = default;

    std::map<std::string, std::string> to_entries() const;
    static result<partition_state> from_entries(const std::map<std::string, std::string>& entries);
};

// Blocking.
result<partition_state> load_partition_state(std::shared_ptr<file_system> fs, const std::string& dir);
status save_partition_state(std::shared_ptr<file_system> fs, const std::string& dir, const partition_state& state);

}  // namespace sb::storage

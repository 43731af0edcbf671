#pragma once
// Where a partition lives on disk and how a directory says whose data it holds.
//
//   <data.dir>/<topic>-<partition>/            Kafka's name for a partition directory
//       partition.metadata                      "version: 0\ntopic_id: <22-char id>\n"
//       00000000000000000000.log ...            the partition log (storage/)
//       producer.snapshot                       idempotent producers (producer_state.h)
//   <data.dir>/<topic>-<partition>.<id>-delete  a deleted partition, being removed
//
// The topic id in partition.metadata is what ties a directory to one incarnation of a
// topic: a directory whose id is not the current topic's (the topic was deleted, maybe
// created again under the same name, while the broker was down) is removed at start-up,
// never served. Deletion first renames the directory out of the way (atomic), so a topic
// created again at once never meets the old files, then removes it.
//
// Every function here blocks (directory listing, fsync): call on a blocking thread.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/uuid.h"

namespace sb::cluster {

constexpr const char* k_partition_metadata_file_name = "partition.metadata";

std::filesystem::path partition_directory(const std::filesystem::path& data_dir, std::string_view topic,
                                          int32_t partition);

// Writes partition.metadata durably (creating the directory).
sb::status write_partition_metadata(const std::filesystem::path& dir, const protocol::uuid& topic_id);
// The topic id in dir's partition.metadata; nullopt when the file is missing or unreadable.
std::optional<protocol::uuid> read_partition_metadata(const std::filesystem::path& dir);

// A directory of data.dir that looks like a partition's.
struct partition_directory_entry {
    std::filesystem::path path;
    std::string topic;
    int32_t partition = 0;
    std::optional<protocol::uuid> topic_id;  // from partition.metadata
};

// The partition directories in data_dir. Leftovers of unfinished deletions are removed.
sb::result<std::vector<partition_directory_entry>> scan_partition_directories(const std::filesystem::path& data_dir);

// Renames dir to "<dir>.<topic id>-delete" (durably), then removes it and its files.
sb::status remove_partition_directory(const std::filesystem::path& dir, const protocol::uuid& topic_id);

}  // namespace sb::cluster

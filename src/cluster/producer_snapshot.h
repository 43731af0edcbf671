#pragma once
// The file "producer.snapshot" in a partition directory: the idempotent producers of the
// partition (producer_state) and its largest timestamp, as they were when the log ended
// at `log_end_offset`. At start-up the partition loads it and replays the batches from
// that offset to the log's end, so that a retry sent before a restart is still recognised
// after it. The snapshot is only taken for offsets already fsynced, so it never describes
// batches that a crash could take away; one that does (a damaged disk) is ignored and the
// whole log is replayed instead.
//
// Format (big-endian), written atomically with fsync:
//   "SBPS" | version u8 (1) | log_end_offset i64 | max_timestamp_ms i64 |
//   max_timestamp_offset i64 | producer count u32 |
//   per producer: id i64 | epoch i16 | last_update_ms i64 | batch count u8 |
//     per batch: first_sequence i32 | last_sequence i32 | first_offset i64 |
//                last_offset i64 | max_timestamp_ms i64
//   | crc32c u32 of everything before it

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "cluster/producer_state.h"

namespace sb::cluster {

constexpr const char* k_producer_snapshot_file_name = "producer.snapshot";

struct producer_snapshot {
    int64_t log_end_offset = 0;
    int64_t max_timestamp_ms = -1;      // largest batch max timestamp seen; -1 if none
    int64_t max_timestamp_offset = -1;  // base offset of the batch that holds it
    std::unordered_map<int64_t, producer_entry> producers;

    friend bool operator==(const producer_snapshot&, const producer_snapshot&) = default;
};

std::string encode_producer_snapshot(const producer_snapshot& snapshot);
// corrupt_message for a damaged or truncated file.
sb::result<producer_snapshot> decode_producer_snapshot(std::string_view bytes);

// Blocking. Writes durably; reads nullopt when the file is missing or damaged (logged).
sb::status save_producer_snapshot(const std::filesystem::path& dir, const producer_snapshot& snapshot);
std::optional<producer_snapshot> load_producer_snapshot(const std::filesystem::path& dir);

}  // namespace sb::cluster

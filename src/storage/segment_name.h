#pragma once
// File names of a partition directory: segments are named by their base offset, 20 digits
// zero-padded (00000000000000000042.log, .index, .timeindex), so that a directory listing
// sorts them by offset.

#include <cstdint>
#include <optional>
#include <string>

namespace sb::storage {

inline constexpr const char* k_log_suffix = ".log";
inline constexpr const char* k_offset_index_suffix = ".index";
inline constexpr const char* k_time_index_suffix = ".timeindex";
// Written at clean shutdown, removed at start-up: its presence lets recovery skip the scan.
inline constexpr const char* k_clean_shutdown_name = ".clean_shutdown";
// The partition's small state file (log start offset, recovery point, cleaner checkpoint,
// leader epochs); see partition_state.h.
inline constexpr const char* k_partition_state_name = "partition.state";
// A compacted segment being written; a leftover one is deleted at start-up.
inline constexpr const char* k_cleaned_suffix = ".cleaned";

// "00000000000000000042"
std::string offset_file_stem(int64_t base_offset);
// dir + "/" + stem + suffix
std::string segment_path(const std::string& dir, int64_t base_offset, const char* suffix);
// The base offset of "<20 digits>.log"; nullopt for any other name.
std::optional<int64_t> parse_log_file_name(const std::string& name);

}  // namespace sb::storage

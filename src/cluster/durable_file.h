#pragma once
// Small files that must survive a crash whole: either the old contents or the new ones,
// never a torn mix. Used for the cluster id and the topic table until the storage layer's
// durable key/value file (and later the controller's Raft log) takes over.
//
// Blocking: these call fsync. They run on cold administrative paths (start-up, topic
// creation and deletion), never per record.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::cluster {

// Replaces `path` with `contents`: writes `<path>.tmp`, fsyncs it, renames it over
// `path`, then fsyncs the directory so that the rename itself is durable. Creates the
// parent directory if needed. Errors are logged and returned as kafka_storage_error.
sb::status write_file_durably(const std::filesystem::path& path, std::string_view contents);

// The whole file, nullopt when it does not exist, kafka_storage_error when it cannot be
// read or is larger than `size_max_bytes`.
sb::result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path,
                                                          std::size_t size_max_bytes);

}  // namespace sb::cluster

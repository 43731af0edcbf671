#pragma once
// The cluster id: generated once when a data directory is first used, then reused at
// every restart, so that clients (which cache it from Metadata) see one cluster.
//
// Format, as Kafka's: a random uuid written as 22 characters of unpadded base64url.
// Stored in `<data_dir>/cluster_id` as that text plus a newline.

#include <filesystem>
#include <string>

#include "base/result.h"

namespace sb::cluster {

constexpr const char* k_cluster_id_file_name = "cluster_id";

// Reads the id from the data directory, or creates, persists (durably) and returns a new
// one when there is none. A file that holds anything but a valid id is an error
// (kafka_storage_error, logged): it is never silently replaced, since the data beside it
// belongs to that cluster. Blocking; call at start-up.
sb::result<std::string> load_or_create_cluster_id(const std::filesystem::path& data_dir);

}  // namespace sb::cluster

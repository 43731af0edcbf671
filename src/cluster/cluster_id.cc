#include "cluster/cluster_id.h"

#include "base/logging.h"
#include "cluster/durable_file.h"
#include "cluster/random_uuid.h"

namespace sb::cluster {
namespace {

// Room for the id, a newline and some slack; anything bigger is not ours.
constexpr std::size_t k_cluster_id_file_size_max_bytes = 256;

}  // namespace

sb::result<std::string> load_or_create_cluster_id(const std::filesystem::path& data_dir) {
    const std::filesystem::path path = data_dir / k_cluster_id_file_name;
    auto existing = read_file_if_exists(path, k_cluster_id_file_size_max_bytes);
    if (!existing) return sb::unexpected(existing.error());

    if (existing->has_value()) {
        std::string text = std::move(**existing);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        if (!protocol::uuid::from_string(text)) {
            sb::logging::get("cluster")->error("{} does not hold a cluster id (22 characters of base64url)",
                                               path.string());
            return sb::unexpected(error_code::kafka_storage_error);
        }
        return text;
    }

    std::string id = random_uuid().to_string();
    if (auto written = write_file_durably(path, id + "\n"); !written) return sb::unexpected(written.error());
    sb::logging::get("cluster")->info("created cluster id {} in {}", id, path.string());
    return id;
}

}  // namespace sb::cluster

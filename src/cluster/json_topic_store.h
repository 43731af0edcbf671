#pragma once
// json_topic_store: the topics as one JSON file, rewritten whole (atomically, with fsync)
// on every change. Topic changes are rare administrative operations, so rewriting a file
// of at most `file_size_max_bytes` is cheap enough until the controller moves topics
// into its Raft log.
//
// File format (`<data_dir>/topics.json`):
//   {"format_version": 1,
//    "topics": [{"name": "orders", "id": "<22-char base64url uuid>",
//                "replicas": [[0], [0]],              // per partition, node ids
//                "configs": {"retention.ms": "1000"}}]}

#include <cstddef>
#include <filesystem>

#include "cluster/topic_store.h"

namespace sb::cluster {

constexpr const char* k_topics_file_name = "topics.json";

class json_topic_store final : public topic_store {
public:
    // 64 MiB holds hundreds of thousands of topics; a larger file is refused at start-up.
    static constexpr std::size_t k_default_file_size_max_bytes = 64u << 20;

    explicit json_topic_store(std::filesystem::path data_dir,
                              std::size_t file_size_max_bytes = k_default_file_size_max_bytes);

    sb::result<std::vector<topic_metadata>> load() override;
    sb::status save(const topic_snapshot& snapshot) override;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::size_t file_size_max_bytes_;
};

}  // namespace sb::cluster

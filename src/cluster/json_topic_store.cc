#include "cluster/json_topic_store.h"

#include <limits>
#include <set>

#include <boost/json.hpp>

#include "base/logging.h"
#include "cluster/durable_file.h"
#include "cluster/topic_name.h"

namespace sb::cluster {
namespace {

namespace json = boost::json;

constexpr int64_t k_format_version = 1;

sb::unexpected<error_code> corrupt(const std::filesystem::path& path, std::string_view why) {
    sb::logging::get("cluster")->error("{} is corrupt: {}", path.string(), why);
    return sb::unexpected(error_code::kafka_storage_error);
}

json::value to_json(const topic_metadata& topic) {
    json::array replicas;
    for (const auto& partition : topic.replicas_by_partition) {
        json::array nodes;
        for (int32_t node : partition) nodes.emplace_back(node);
        replicas.emplace_back(std::move(nodes));
    }
    json::object configs;
    for (const auto& [name, value] : topic.configs) configs[name] = value;
    return json::object{{"name", topic.name},
                        {"id", topic.id.to_string()},
                        {"replicas", std::move(replicas)},
                        {"configs", std::move(configs)}};
}

// Parses one topic; an error string says what is wrong with it.
sb::result<topic_metadata, std::string> from_json(const json::value& value) {
    const json::object* obj = value.if_object();
    if (!obj) return sb::unexpected(std::string("a topic is not an object"));
    topic_metadata topic;

    const json::value* name = obj->if_contains("name");
    if (!name || !name->is_string()) return sb::unexpected(std::string("a topic has no name"));
    topic.name = std::string(name->get_string());
    if (auto valid = validate_topic_name(topic.name); !valid) return sb::unexpected(valid.error());

    const json::value* id = obj->if_contains("id");
    auto parsed_id = (id && id->is_string()) ? protocol::uuid::from_string(id->get_string()) : std::nullopt;
    if (!parsed_id || parsed_id->is_nil()) return sb::unexpected("topic " + topic.name + " has no valid id");
    topic.id = *parsed_id;

    const json::value* replicas = obj->if_contains("replicas");
    if (!replicas || !replicas->is_array() || replicas->get_array().empty()) {
        return sb::unexpected("topic " + topic.name + " has no partitions");
    }
    for (const json::value& partition : replicas->get_array()) {
        const json::array* nodes = partition.if_array();
        if (!nodes || nodes->empty()) return sb::unexpected("topic " + topic.name + " has a partition without replicas");
        std::vector<int32_t>& out = topic.replicas_by_partition.emplace_back();
        for (const json::value& node : *nodes) {
            const int64_t* n = node.if_int64();
            if (!n || *n < 0 || *n > std::numeric_limits<int32_t>::max()) {
                return sb::unexpected("topic " + topic.name + " has an invalid node id");
            }
            out.push_back(static_cast<int32_t>(*n));
        }
        if (out.size() != topic.replicas_by_partition.front().size()) {
            return sb::unexpected("topic " + topic.name + " has partitions with different replica counts");
        }
    }

    const json::value* configs = obj->if_contains("configs");
    if (!configs || !configs->is_object()) return sb::unexpected("topic " + topic.name + " has no configs object");
    for (const auto& [key, config_value] : configs->get_object()) {
        if (!config_value.is_string()) return sb::unexpected("topic " + topic.name + " has a non-string config");
        topic.configs.emplace(std::string(key), std::string(config_value.get_string()));
    }
    return topic;
}

}  // namespace

json_topic_store::json_topic_store(std::filesystem::path data_dir, std::size_t file_size_max_bytes)
    : path_(std::move(data_dir) / k_topics_file_name), file_size_max_bytes_(file_size_max_bytes) {}

sb::result<std::vector<topic_metadata>> json_topic_store::load() {
    auto text = read_file_if_exists(path_, file_size_max_bytes_);
    if (!text) return sb::unexpected(text.error());
    if (!text->has_value()) return std::vector<topic_metadata>{};

    boost::system::error_code ec;
    json::value root = json::parse(**text, ec);
    if (ec) return corrupt(path_, ec.message());
    const json::object* obj = root.if_object();
    const json::value* version = obj ? obj->if_contains("format_version") : nullptr;
    if (!version || !version->is_int64() || version->get_int64() != k_format_version) {
        return corrupt(path_, "missing or unknown format_version");
    }
    const json::value* topics = obj->if_contains("topics");
    if (!topics || !topics->is_array()) return corrupt(path_, "no topics array");

    std::vector<topic_metadata> loaded;
    std::set<std::string> names;
    std::set<std::string> ids;
    for (const json::value& value : topics->get_array()) {
        auto topic = from_json(value);
        if (!topic) return corrupt(path_, topic.error());
        if (!names.insert(topic->name).second) return corrupt(path_, "topic " + topic->name + " appears twice");
        if (!ids.insert(topic->id.to_string()).second) return corrupt(path_, "two topics share id " + topic->id.to_string());
        loaded.push_back(std::move(*topic));
    }
    return loaded;
}

sb::status json_topic_store::save(const topic_snapshot& snapshot) {
    json::array topics;
    for (const auto& [name, topic] : snapshot.topics()) topics.push_back(to_json(*topic));
    json::object root{{"format_version", k_format_version}, {"topics", std::move(topics)}};
    std::string text = json::serialize(root);
    if (text.size() > file_size_max_bytes_) {
        sb::logging::get("cluster")->error("{} would exceed its limit of {} bytes", path_.string(),
                                           file_size_max_bytes_);
        return sb::unexpected(error_code::kafka_storage_error);
    }
    text.push_back('\n');
    return write_file_durably(path_, text);
}

}  // namespace sb::cluster

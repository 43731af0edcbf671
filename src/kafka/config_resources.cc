#include "kafka/config_resources.h"

#include <charconv>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/log_context.h"
#include "base/logging.h"
#include "cluster/topic_name.h"
#include "kafka/topic_lifecycle.h"

namespace sb::kafka {
namespace {

cluster::topic_error error(error_code code, std::string message) { return cluster::topic_error{code, std::move(message)}; }

cluster::topic_error unknown_topic(std::string_view name) {
    return error(error_code::unknown_topic_or_partition, fmt::format("The topic '{}' does not exist.", name));
}

boost::asio::awaitable<cluster::topic_error> alter_topic(const request_context& ctx, const std::string& name,
                                                         const config_alteration& alteration, bool validate_only) {
    const auto snapshot = ctx.topics.snapshot();
    auto topic = find_config_topic(*snapshot, name);
    // Kafka checks the request's shape (names given twice, null values: INVALID_REQUEST)
    // before it looks the topic up, and the names and values (INVALID_CONFIG) after.
    auto altered = alteration(topic ? (*topic)->configs : cluster::topic_configs{});
    if (!altered && altered.error().code == error_code::invalid_request) co_return altered.error();
    if (!topic) co_return topic.error();
    if (!altered) co_return altered.error();
    auto changing = set_topic_configs(ctx, (*topic)->id, std::move(*altered), validate_only);
    auto changed = co_await std::move(changing);
    if (!changed) {
        // Deleted while we waited for our turn: as if it had never been there.
        co_return changed.error().code == error_code::unknown_topic_id ? unknown_topic(name) : changed.error();
    }
    co_return cluster::topic_error{};
}

}  // namespace

cluster::topic_error unsupported_resource(int8_t type) {
    if (type == static_cast<int8_t>(config_resource_type::broker_logger)) {
        return error(error_code::invalid_request,
                     "BROKER_LOGGER resources are not supported: the broker's log level is its log.level setting.");
    }
    return error(error_code::invalid_request, fmt::format("Unsupported resource type: {}", type));
}

sb::result<const cluster::topic_metadata*, cluster::topic_error> find_config_topic(const cluster::topic_snapshot& topics,
                                                                                   std::string_view name) {
    if (auto valid = cluster::validate_topic_name(name); !valid) {
        return sb::unexpected(error(error_code::invalid_topic_exception, valid.error()));
    }
    const cluster::topic_metadata* topic = topics.find(name);
    if (!topic) return sb::unexpected(unknown_topic(name));
    return topic;
}

std::optional<cluster::topic_error> broker_name_problem(std::string_view name, int32_t node_id, bool allow_empty) {
    if (name.empty() && allow_empty) return std::nullopt;
    int32_t id = 0;
    auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
    if (name.empty() || ec != std::errc() || ptr != name.data() + name.size()) {
        return error(error_code::invalid_request, fmt::format("Broker id must be an integer, but it is: {}", name));
    }
    if (id != node_id) {
        return error(error_code::invalid_request,
                     fmt::format("Unexpected broker id, expected {}{}, but received {}", node_id,
                                 allow_empty ? " or empty string" : "", name));
    }
    return std::nullopt;
}

std::vector<bool> repeated_resources(const std::vector<std::pair<int8_t, std::string>>& keys) {
    std::map<std::pair<int8_t, std::string>, int> counts;
    for (const auto& key : keys) ++counts[key];
    std::vector<bool> out;
    for (const auto& key : keys) out.push_back(counts[key] > 1);
    return out;
}

cluster::topic_error repeated_resource_error() {
    return error(error_code::invalid_request, "Each resource must appear at most once.");
}

boost::asio::awaitable<cluster::topic_error> alter_config_resource(const request_context& ctx, int8_t type,
                                                                   const std::string& name,
                                                                   std::vector<std::string> config_names,
                                                                   config_alteration alteration, bool validate_only) {
    cluster::topic_error outcome;
    if (type == static_cast<int8_t>(config_resource_type::topic)) {
        auto altering = alter_topic(ctx, name, alteration, validate_only);
        outcome = co_await std::move(altering);
    } else if (type != static_cast<int8_t>(config_resource_type::broker)) {
        outcome = unsupported_resource(type);
    } else if (auto problem = broker_name_problem(name, ctx.config.node_id, false)) {
        outcome = std::move(*problem);
    } else if (!config_names.empty()) {
        outcome = error(error_code::invalid_request,
                        fmt::format("Cannot update these configs dynamically: {}. Broker settings come from the "
                                    "broker's config file, environment and flags; change them there and send the "
                                    "broker SIGHUP (dynamic settings) or restart it.",
                                    fmt::join(config_names, ", ")));
    }
    const bool of_topic = type == static_cast<int8_t>(config_resource_type::topic);
    sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info,
                           {of_topic ? std::string_view(name) : std::string_view(), {}, ctx.client_id},
                           "{} of resource {} '{}' ({}){} from {} (client {}): {}{}",
                           ctx.api_key == 33 ? "AlterConfigs" : "IncrementalAlterConfigs", type, name,
                           fmt::join(config_names, ","), validate_only ? " (validate only)" : "", ctx.peer,
                           ctx.client_id, error_name(outcome.code), outcome.message.empty() ? "" : " " + outcome.message);
    co_return outcome;
}

}  // namespace sb::kafka

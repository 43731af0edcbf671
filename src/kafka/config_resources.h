#pragma once
// The resources of DescribeConfigs, AlterConfigs and IncrementalAlterConfigs (Kafka's
// ConfigResource): what each type means here, and the checks and the alteration that
// the two alter APIs share.
//
//  - TOPIC (2): the topic's configs, described and altered (topic_lifecycle.h).
//  - BROKER (4): this broker's settings, named by its node id ("" names the cluster-wide
//    dynamic defaults, of which there are none). Described at the values in force; never
//    altered here, because every setting comes from the config file, environment or flags
//    (the dynamic ones reloaded by SIGHUP, log.level also set by PUT /v1/log-level).
//  - BROKER_LOGGER (8) and anything else: INVALID_REQUEST with a message.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cluster/topic_config_alteration.h"
#include "cluster/topic_metadata.h"
#include "kafka/request_context.h"

namespace sb::kafka {

// Kafka's ConfigResource.Type ids.
enum class config_resource_type : int8_t { topic = 2, broker = 4, broker_logger = 8 };

// The refusal for a resource type that is neither TOPIC nor BROKER.
cluster::topic_error unsupported_resource(int8_t type);

// The topic a TOPIC resource names: INVALID_TOPIC_EXCEPTION for an illegal name,
// UNKNOWN_TOPIC_OR_PARTITION ("The topic 'x' does not exist.") for a missing one.
sb::result<const cluster::topic_metadata*, cluster::topic_error> find_config_topic(const cluster::topic_snapshot& topics,
                                                                                   std::string_view name);

// A BROKER resource's name must be this broker's id; `allow_empty`: or "" (DescribeConfigs).
std::optional<cluster::topic_error> broker_name_problem(std::string_view name, int32_t node_id, bool allow_empty);

// For each (type, name), whether another resource of the request has the same pair:
// Kafka refuses all of them ("Each resource must appear at most once.").
std::vector<bool> repeated_resources(const std::vector<std::pair<int8_t, std::string>>& keys);
cluster::topic_error repeated_resource_error();

// The topic's configs after the requested alteration, from its current ones.
using config_alteration = std::function<sb::result<cluster::topic_configs, cluster::topic_error>(const cluster::topic_configs&)>;

// One resource of an alter request: the error to answer with (code none on success).
// `config_names` are the configs the resource names (for the broker's refusal).
boost::asio::awaitable<cluster::topic_error> alter_config_resource(const request_context& ctx, int8_t type,
                                                                   const std::string& name,
                                                                   std::vector<std::string> config_names,
                                                                   config_alteration alteration, bool validate_only);

// The response of an alter request (AlterConfigs or IncrementalAlterConfigs): one entry
// per resource, in request order. `alteration_of(resource)` gives what the resource asks.
template <class Response, class Request, class AlterationOf>
boost::asio::awaitable<Response> alter_config_resources(const request_context& ctx, const Request& request,
                                                         AlterationOf alteration_of) {
    std::vector<std::pair<int8_t, std::string>> keys;
    for (const auto& resource : request.resources) keys.emplace_back(resource.resource_type, resource.resource_name);
    const std::vector<bool> repeated = repeated_resources(keys);
    Response response;
    response.throttle_time_ms = 0;
    for (std::size_t i = 0; i < request.resources.size(); ++i) {
        const auto& resource = request.resources[i];
        cluster::topic_error outcome = repeated[i] ? repeated_resource_error() : cluster::topic_error{};
        if (!repeated[i]) {
            std::vector<std::string> names;
            for (const auto& c : resource.configs) names.push_back(c.name);
            auto altering = alter_config_resource(ctx, resource.resource_type, resource.resource_name, std::move(names),
                                                  alteration_of(resource), request.validate_only);
            outcome = co_await std::move(altering);
        }
        auto& out = response.responses.emplace_back();
        out.error_code = to_wire(outcome.code);
        out.error_message = outcome.code == error_code::none ? std::nullopt : std::optional<std::string>(outcome.message);
        out.resource_type = resource.resource_type;
        out.resource_name = resource.resource_name;
    }
    co_return response;
}

}  // namespace sb::kafka

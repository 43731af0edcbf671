// DescribeConfigs (key 32), v0-v4. Reads the topic table's snapshot and the broker's
// settings, so it runs on the connection's shard.
//
// TOPIC resources list every topic config (config_description.h), BROKER resources this
// broker's settings; others are refused (config_resources.h). Requested names filter the
// list (null or empty: all; unknown names are left out, as Kafka does). v0 reports
// is_default instead of the source; synonyms (v1+) and documentation (v3+) are sent when
// asked for; config_type from v3.

#include "kafka/handlers/handlers.h"

#include <algorithm>

#include "base/log_context.h"
#include "base/logging.h"
#include "kafka/config_description.h"
#include "kafka/config_resources.h"
#include "protocol/messages/describe_configs.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

using protocol::describe_configs_request;
using protocol::describe_configs_response;
using resource_result = describe_configs_response::describe_configs_result;

struct wire_options {
    bool include_synonyms = false;
    bool include_documentation = false;
};

describe_configs_response::describe_configs_resource_result to_wire(const described_config& config,
                                                                     const wire_options& options) {
    describe_configs_response::describe_configs_resource_result out;
    out.name = config.name;
    out.value = config.value;
    out.read_only = config.read_only;
    out.is_default = config.source == config_source::default_config;
    out.config_source = static_cast<int8_t>(config.source);
    out.is_sensitive = config.is_sensitive;
    if (options.include_synonyms) {
        for (const config_synonym& s : config.synonyms) out.synonyms.push_back({s.name, s.value, static_cast<int8_t>(s.source)});
    }
    out.config_type = static_cast<int8_t>(config.type);
    out.documentation = options.include_documentation ? std::optional<std::string>(config.documentation) : std::nullopt;
    return out;
}

// The configs of one resource, or why it cannot be described.
sb::result<std::vector<described_config>, cluster::topic_error> describe_resource(
    const request_context& ctx, const cluster::topic_snapshot& topics,
    const describe_configs_request::describe_configs_resource& resource) {
    if (resource.resource_type == static_cast<int8_t>(config_resource_type::topic)) {
        auto topic = find_config_topic(topics, resource.resource_name);
        if (!topic) return sb::unexpected(std::move(topic).error());
        return describe_topic_configs(**topic, *ctx.services.broker->partitions->topic_defaults());
    }
    if (resource.resource_type != static_cast<int8_t>(config_resource_type::broker)) {
        return sb::unexpected(unsupported_resource(resource.resource_type));
    }
    if (auto problem = broker_name_problem(resource.resource_name, ctx.config.node_id, true)) {
        return sb::unexpected(std::move(*problem));
    }
    // "" names the cluster-wide dynamic broker defaults: there are none.
    if (resource.resource_name.empty()) return std::vector<described_config>{};
    // The snapshots in force now: a reload on another thread publishes new ones.
    return describe_broker_configs(*ctx.config.settings->snapshot(), *ctx.services.broker->partitions->topic_defaults());
}

resource_result describe_one(const request_context& ctx, const cluster::topic_snapshot& topics,
                             const describe_configs_request::describe_configs_resource& resource,
                             const wire_options& options) {
    resource_result out;
    out.resource_type = resource.resource_type;
    out.resource_name = resource.resource_name;
    auto configs = describe_resource(ctx, topics, resource);
    if (!configs) {
        out.error_code = to_wire(configs.error().code);
        out.error_message = configs.error().message;
        return out;
    }
    out.error_code = to_wire(error_code::none);
    out.error_message = std::nullopt;
    const auto& wanted = resource.configuration_keys;
    for (const described_config& config : *configs) {
        if (wanted && !wanted->empty() && std::find(wanted->begin(), wanted->end(), config.name) == wanted->end()) continue;
        out.configs.push_back(to_wire(config, options));
    }
    return out;
}

}  // namespace

async_result describe_configs(const request_context& ctx, protocol::reader& body) {
    describe_configs_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const wire_options options{request.include_synonyms, request.include_documentation};
    const auto topics = ctx.topics.snapshot();
    describe_configs_response response;
    response.throttle_time_ms = 0;
    for (const auto& resource : request.resources) {
        response.results.push_back(describe_one(ctx, *topics, resource, options));
        const resource_result& result = response.results.back();
        if (result.error_code != 0) {
            const bool of_topic = resource.resource_type == static_cast<int8_t>(config_resource_type::topic);
            sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info,
                                   {of_topic ? std::string_view(resource.resource_name) : std::string_view(), {},
                                    ctx.client_id},
                                   "DescribeConfigs of resource {} '{}' from {} (client {}): {} {}",
                                   resource.resource_type, resource.resource_name, ctx.peer, ctx.client_id,
                                   error_name(static_cast<error_code>(result.error_code)),
                                   result.error_message.value_or(""));
        }
    }
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

// IncrementalAlterConfigs (key 44), v0-v1. Runs on the controller shard (served_apis.cc).
//
// Each TOPIC resource's operations (SET, DELETE, APPEND, SUBTRACT) apply to the topic's
// current configs in order (cluster/topic_config_alteration.h); the result is stored,
// then reaches the topic's partitions, before the answer is sent. validate_only checks
// without changing anything. BROKER resources are refused, and a resource given twice is
// refused both times (config_resources.h).

#include "kafka/handlers/handlers.h"

#include "kafka/config_resources.h"
#include "protocol/messages/incremental_alter_configs.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {

async_result incremental_alter_configs(const request_context& ctx, protocol::reader& body) {
    using request_type = protocol::incremental_alter_configs_request;
    request_type request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    auto alteration_of = [](const request_type::alter_configs_resource& resource) -> config_alteration {
        std::vector<cluster::config_change> changes;
        for (const auto& c : resource.configs) changes.push_back({c.name, c.config_operation, c.value});
        return [changes = std::move(changes)](const cluster::topic_configs& current) {
            return cluster::alter_topic_configs(current, changes);
        };
    };
    auto altering = alter_config_resources<protocol::incremental_alter_configs_response>(ctx, request, alteration_of);
    co_return encoded(co_await std::move(altering), ctx.api_version);
}

}  // namespace sb::kafka::handlers

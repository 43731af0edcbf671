// AlterConfigs (key 33), v0-v2. Runs on the controller shard (served_apis.cc), where topic
// changes are serialized.
//
// Kafka's semantics: each TOPIC resource's configs become exactly the ones given (every
// topic config not named goes back to its default; cluster/topic_config_alteration.h).
// The change is stored, then reaches the topic's partitions, before the answer is sent;
// validate_only checks without changing anything. BROKER resources are refused, and a
// resource given twice is refused both times (config_resources.h).

#include "kafka/handlers/handlers.h"

#include "kafka/config_resources.h"
#include "protocol/messages/alter_configs.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {

async_result alter_configs(const request_context& ctx, protocol::reader& body) {
    using request_type = protocol::alter_configs_request;
    request_type request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    auto alteration_of = [](const request_type::alter_configs_resource& resource) -> config_alteration {
        std::vector<cluster::config_entry> entries;
        for (const auto& c : resource.configs) entries.push_back({c.name, c.value});
        return [entries = std::move(entries)](const cluster::topic_configs&) { return cluster::replace_topic_configs(entries); };
    };
    auto altering = alter_config_resources<protocol::alter_configs_response>(ctx, request, alteration_of);
    co_return encoded(co_await std::move(altering), ctx.api_version);
}

}  // namespace sb::kafka::handlers

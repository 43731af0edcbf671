// CreateTopics (key 19). Runs on the controller shard (served_apis.cc), where topic
// changes are serialized.
//
// Each topic is checked by cluster::plan_topic_creation (Kafka's rules and messages) and,
// unless validate_only, created in the topic table. A name given twice in one request is
// refused with INVALID_REQUEST, as Kafka does. v5+ results carry the partition count,
// replication factor and every topic config with its value and source; v7 the topic id.
//
// The topic's partitions are created on their owner shards before the answer is sent
// (topic_lifecycle.h), so that a client may produce to the topic at once.

#include "kafka/handlers/handlers.h"

#include <map>
#include <set>

#include "base/log_context.h"
#include "base/logging.h"
#include "cluster/topic_creation.h"
#include "kafka/config_description.h"
#include "kafka/topic_lifecycle.h"
#include "protocol/messages/create_topics.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

using topic_result = protocol::create_topics_response::creatable_topic_result;

cluster::topic_creation_request to_creation_request(const protocol::create_topics_request::creatable_topic& topic) {
    cluster::topic_creation_request out;
    out.name = topic.name;
    out.num_partitions = topic.num_partitions;
    out.replication_factor = topic.replication_factor;
    for (const auto& a : topic.assignments) out.assignments.push_back({a.partition_index, a.broker_ids});
    for (const auto& c : topic.configs) out.configs.emplace_back(c.name, c.value);
    return out;
}

topic_result failure(std::string name, error_code code, std::string message) {
    topic_result out;
    out.name = std::move(name);
    out.error_code = to_wire(code);
    out.error_message = std::move(message);
    return out;
}

// Every known topic config, sorted by name, with its value and source
// (config_description.h).
std::vector<protocol::create_topics_response::creatable_topic_configs> topic_configs(
    const cluster::topic_metadata& topic, const cluster::topic_config_defaults& defaults) {
    std::vector<protocol::create_topics_response::creatable_topic_configs> out;
    for (const described_config& config : describe_topic_configs(topic, defaults)) {
        auto& entry = out.emplace_back();
        entry.name = config.name;
        entry.value = config.value;
        entry.read_only = config.read_only;
        entry.config_source = static_cast<int8_t>(config.source);
        entry.is_sensitive = config.is_sensitive;
    }
    return out;
}

topic_result success(const cluster::topic_metadata& topic, const cluster::topic_config_defaults& defaults) {
    topic_result out;
    out.name = topic.name;
    out.topic_id = topic.id;
    out.error_code = to_wire(error_code::none);
    out.error_message = std::nullopt;
    out.num_partitions = topic.partition_count();
    out.replication_factor = topic.replication_factor();
    out.configs = topic_configs(topic, defaults);
    return out;
}

boost::asio::awaitable<topic_result> create_one(const request_context& ctx,
                                                const cluster::topic_creation_request& request, bool validate_only) {
    auto creating = create_topic(ctx, request, validate_only);
    auto created = co_await std::move(creating);
    if (!created) co_return failure(request.name, created.error().code, created.error().message);
    co_return success(**created, *ctx.services.broker->partitions->topic_defaults());
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> create_topics(const request_context& ctx, protocol::reader& body) {
    protocol::create_topics_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    std::map<std::string, int, std::less<>> occurrences;
    for (const auto& topic : request.topics) ++occurrences[topic.name];

    protocol::create_topics_response response;
    response.throttle_time_ms = 0;
    std::set<std::string, std::less<>> answered;
    for (const auto& topic : request.topics) {
        if (!answered.insert(topic.name).second) continue;  // one result per name
        if (occurrences[topic.name] > 1) {
            response.topics.push_back(failure(topic.name, error_code::invalid_request, "Duplicate topic name."));
            continue;
        }
        const cluster::topic_creation_request creation = to_creation_request(topic);
        auto creating = create_one(ctx, creation, request.validate_only);
        response.topics.push_back(co_await std::move(creating));
        const topic_result& result = response.topics.back();
        sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info, {topic.name, {}, ctx.client_id},
                               "CreateTopics {}{} from {} (client {}): {}{}", topic.name,
                               request.validate_only ? " (validate only)" : "", ctx.peer, ctx.client_id,
                               error_name(static_cast<error_code>(result.error_code)),
                               result.error_message ? " " + *result.error_message : "");
    }
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

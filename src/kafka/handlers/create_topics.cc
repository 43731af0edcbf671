// CreateTopics (key 19). Runs on the controller shard (served_apis.cc), where topic
// changes are serialized.
//
// Each topic is checked by cluster::plan_topic_creation (Kafka's rules and messages) and,
// unless validate_only, created in the topic table. A name given twice in one request is
// refused with INVALID_REQUEST, as Kafka does. v5+ results carry the partition count,
// replication factor and every topic config with its value and source; v7 the topic id.
//
// Only the topic's metadata is created: partition storage arrives with the storage layer.

#include "kafka/handlers/handlers.h"

#include <map>
#include <set>

#include "base/logging.h"
#include "cluster/topic_config_schema.h"
#include "cluster/topic_creation.h"
#include "kafka/config_source.h"
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

// Every known topic config, sorted by name: the topic's own value or the default.
std::vector<protocol::create_topics_response::creatable_topic_configs> describe_configs(
    const cluster::topic_metadata& topic) {
    std::vector<protocol::create_topics_response::creatable_topic_configs> out;
    for (const auto& def : cluster::topic_config_definitions()) {
        auto& entry = out.emplace_back();
        entry.name = std::string(def.name);
        auto set = topic.configs.find(def.name);
        const bool is_set = set != topic.configs.end();
        entry.value = is_set ? set->second : std::string(def.default_value);
        entry.read_only = false;
        entry.config_source = static_cast<int8_t>(is_set ? config_source::dynamic_topic_config
                                                         : config_source::default_config);
        entry.is_sensitive = false;
    }
    return out;
}

topic_result success(const cluster::topic_metadata& topic) {
    topic_result out;
    out.name = topic.name;
    out.topic_id = topic.id;
    out.error_code = to_wire(error_code::none);
    out.error_message = std::nullopt;
    out.num_partitions = topic.partition_count();
    out.replication_factor = topic.replication_factor();
    out.configs = describe_configs(topic);
    return out;
}

topic_result create_one(const request_context& ctx, const cluster::topic_creation_request& request,
                        bool validate_only) {
    const int32_t live_brokers[] = {ctx.config.node_id};
    auto plan = cluster::plan_topic_creation(request, *ctx.topics.snapshot(), ctx.config.topic_creation, live_brokers);
    if (!plan) return failure(request.name, plan.error().code, plan.error().message);
    if (validate_only) return success(*plan);
    auto created = ctx.topics.create_topic(std::move(*plan));
    if (!created) return failure(request.name, created.error().code, created.error().message);
    return success(**created);
}

}  // namespace

sb::status create_topics(const request_context& ctx, protocol::reader& body, protocol::writer& out) {
    protocol::create_topics_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) return decoded;

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
        response.topics.push_back(create_one(ctx, to_creation_request(topic), request.validate_only));
        const topic_result& result = response.topics.back();
        sb::logging::get("kafka")->info("CreateTopics {}{} from {} (client {}): {}{}", topic.name,
                                        request.validate_only ? " (validate only)" : "", ctx.peer, ctx.client_id,
                                        error_name(static_cast<error_code>(result.error_code)),
                                        result.error_message ? " " + *result.error_message : "");
    }
    response.encode(out, ctx.api_version);
    return {};
}

}  // namespace sb::kafka::handlers

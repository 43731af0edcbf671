// Metadata (key 3): brokers, cluster id, controller, and the topics with their partitions.
//
// Kafka's rules, by version:
//  - which topics: v0 an empty list means all topics; v1+ null means all, an empty list
//    none; v12 may name topics by id (unknown id: UNKNOWN_TOPIC_ID, name null). v10-v11
//    carry the id field but Kafka refuses ids and null names there: every requested topic
//    gets INVALID_REQUEST and the response has nothing else, as Kafka's error response.
//  - a requested name that does not exist: UNKNOWN_TOPIC_OR_PARTITION, or
//    INVALID_TOPIC_EXCEPTION when the name is not a legal topic name. With
//    auto.create.topics.enable (and allow_auto_topic_creation, v4+; always allowed
//    before v4, as in Kafka) it is created first, with its partitions, and described.
//  - authorized operations (v8+) are reported only when asked for, otherwise Kafka's
//    "not requested" value INT32_MIN. Without ACLs every supported operation is allowed.
//
// Each partition is led by its first replica with every replica in sync: true for a
// single node; the partition manager will supply leaders and ISRs when replication lands.

#include "kafka/handlers/handlers.h"

#include <set>

#include "cluster/topic_name.h"
#include "kafka/authorized_operations.h"
#include "kafka/topic_auto_creation.h"
#include "protocol/messages/metadata.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

using response_topic = protocol::metadata_response::metadata_response_topic;

constexpr int16_t k_first_version_with_null_topics = 1;
constexpr int16_t k_first_version_with_topic_id_lookup = 12;
constexpr int16_t k_first_version_with_authorized_operations = 8;

constexpr int16_t k_first_version_with_auto_creation_flag = 4;

response_topic describe_topic(const cluster::topic_metadata& topic, int32_t node_id) {
    response_topic out;
    out.error_code = to_wire(error_code::none);
    out.name = topic.name;
    out.topic_id = topic.id;
    out.is_internal = cluster::is_internal_topic(topic.name);
    out.partitions.reserve(topic.replicas_by_partition.size());
    for (std::size_t i = 0; i < topic.replicas_by_partition.size(); ++i) {
        const std::vector<int32_t>& replicas = topic.replicas_by_partition[i];
        auto& partition = out.partitions.emplace_back();
        partition.error_code = to_wire(error_code::none);
        partition.partition_index = static_cast<int32_t>(i);
        partition.leader_id = replicas.empty() ? node_id : replicas.front();
        partition.leader_epoch = 0;  // becomes the Raft term when replication lands
        partition.replica_nodes = replicas;
        partition.isr_nodes = replicas;
    }
    return out;
}

response_topic missing_topic(error_code error, std::optional<std::string> name, const protocol::uuid& id) {
    response_topic out;
    out.error_code = to_wire(error);
    out.name = std::move(name);
    out.topic_id = id;
    return out;
}

// Kafka's MetadataRequest.getErrorResponse: every requested topic with the error, nothing else.
protocol::metadata_response error_response(const protocol::metadata_request& request, error_code error) {
    protocol::metadata_response response;
    if (request.topics) {
        for (const auto& topic : *request.topics) {
            response.topics.push_back(missing_topic(error, topic.name.value_or(""), topic.topic_id));
        }
    }
    return response;
}

bool uses_topic_ids_or_null_names(const protocol::metadata_request& request) {
    if (!request.topics) return false;
    for (const auto& topic : *request.topics) {
        if (!topic.name || !topic.topic_id.is_nil()) return true;
    }
    return false;
}

std::vector<response_topic> requested_topics(const request_context& ctx, const protocol::metadata_request& request,
                                             const cluster::topic_snapshot& topics) {
    std::vector<response_topic> out;
    const bool all = ctx.api_version < k_first_version_with_null_topics ? request.topics->empty() : !request.topics;
    if (all) {
        for (const auto& [name, topic] : topics.topics()) out.push_back(describe_topic(*topic, ctx.config.node_id));
        return out;
    }
    // Kafka looks topics up by id as soon as one id is given; repeated entries are answered once.
    bool by_id = false;
    for (const auto& t : *request.topics) by_id = by_id || !t.topic_id.is_nil();
    std::set<std::string> seen;
    for (const auto& requested : *request.topics) {
        if (by_id) {
            if (requested.topic_id.is_nil() || !seen.insert(requested.topic_id.to_string()).second) continue;
            const cluster::topic_metadata* found = topics.find(requested.topic_id);
            out.push_back(found ? describe_topic(*found, ctx.config.node_id)
                                : missing_topic(error_code::unknown_topic_id, std::nullopt, requested.topic_id));
            continue;
        }
        const std::string& name = *requested.name;
        if (!seen.insert(name).second) continue;
        if (const cluster::topic_metadata* found = topics.find(name)) {
            out.push_back(describe_topic(*found, ctx.config.node_id));
        } else if (!cluster::validate_topic_name(name)) {
            out.push_back(missing_topic(error_code::invalid_topic_exception, name, protocol::uuid::nil()));
        } else {
            out.push_back(missing_topic(error_code::unknown_topic_or_partition, name, protocol::uuid::nil()));
        }
    }
    return out;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> metadata(const request_context& ctx, protocol::reader& body) {
    protocol::metadata_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    if (ctx.api_version < k_first_version_with_topic_id_lookup && uses_topic_ids_or_null_names(request)) {
        co_return encoded(error_response(request, error_code::invalid_request), ctx.api_version);
    }

    std::vector<std::string> named;
    if (request.topics) {
        for (const auto& t : *request.topics) {
            if (t.name && t.topic_id.is_nil()) named.push_back(*t.name);
        }
    }
    const bool creation_allowed =
        ctx.api_version < k_first_version_with_auto_creation_flag || request.allow_auto_topic_creation;
    auto resolving = topics_for_request(ctx, named, creation_allowed);
    const auto topics = co_await std::move(resolving);
    protocol::metadata_response response;
    response.throttle_time_ms = 0;
    response.brokers.push_back({ctx.config.node_id, ctx.config.advertised_host, ctx.config.advertised_port,
                                ctx.config.rack});
    response.cluster_id = ctx.config.cluster_id;
    response.controller_id = ctx.config.node_id;
    response.topics = requested_topics(ctx, request, *topics);
    if (ctx.api_version >= k_first_version_with_authorized_operations) {
        if (request.include_topic_authorized_operations) {
            // Kafka sets them on every topic looked up by name, found or not (not on unknown ids).
            for (auto& topic : response.topics) {
                if (topic.name) topic.topic_authorized_operations = k_topic_operations_all;
            }
        }
        if (request.include_cluster_authorized_operations) {
            response.cluster_authorized_operations = k_cluster_operations_all;
        }
    }
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

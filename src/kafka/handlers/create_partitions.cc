// CreatePartitions (key 37), v0-3: grows topics to a new partition count. Runs on the
// controller shard (served_apis.cc), where topic changes are serialized.
//
// As Kafka's controller does: a topic named twice gets INVALID_REQUEST "Duplicate topic
// name." (these results come first); an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION
// with a null message; the rules and messages for counts and assignments are
// cluster::plan_partition_growth's. validate_only checks without changing anything.
// The new partitions' logs are open on their owner shards before the answer is sent,
// so that a client may produce to them at once.

#include "kafka/handlers/handlers.h"

#include <map>

#include "base/log_context.h"
#include "base/logging.h"
#include "kafka/topic_lifecycle.h"
#include "protocol/messages/create_partitions.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

using topic_result = protocol::create_partitions_response::create_partitions_topic_result;

topic_result result_of(std::string name, error_code code, std::string message) {
    topic_result out;
    out.name = std::move(name);
    out.error_code = to_wire(code);
    if (code != error_code::none && !message.empty()) out.error_message = std::move(message);
    return out;
}

cluster::partition_growth_request to_growth_request(const protocol::create_partitions_request::create_partitions_topic& t) {
    cluster::partition_growth_request out;
    out.count = t.count;
    if (t.assignments) {
        out.assignments.emplace();
        for (const auto& a : *t.assignments) out.assignments->push_back(a.broker_ids);
    }
    return out;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> create_partitions(const request_context& ctx,
                                                                     protocol::reader& body) {
    protocol::create_partitions_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    std::map<std::string, int, std::less<>> occurrences;
    for (const auto& topic : request.topics) ++occurrences[topic.name];

    protocol::create_partitions_response response;
    response.throttle_time_ms = 0;
    for (const auto& [name, count] : occurrences) {
        if (count > 1) response.results.push_back(result_of(name, error_code::invalid_request, "Duplicate topic name."));
    }
    error_code first_error = response.results.empty() ? error_code::none : error_code::invalid_request;
    for (const auto& topic : request.topics) {
        if (occurrences[topic.name] > 1) continue;
        auto adding = add_partitions(ctx, topic.name, to_growth_request(topic), request.validate_only);
        auto added = co_await std::move(adding);
        const error_code code = added ? error_code::none : added.error().code;
        response.results.push_back(result_of(topic.name, code, added ? std::string() : added.error().message));
        if (first_error == error_code::none) first_error = code;
        sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info, {topic.name, {}, ctx.client_id},
                               "CreatePartitions {} to {}{} from {} (client {}): {} {}", topic.name, topic.count,
                               request.validate_only ? " (validate only)" : "", ctx.peer, ctx.client_id,
                               error_name(code), added ? "" : added.error().message);
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

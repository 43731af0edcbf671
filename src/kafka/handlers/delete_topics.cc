// DeleteTopics (key 20). Runs on the controller shard (served_apis.cc).
//
// v0-v5 name topics; v6 names each topic by name or by id (exactly one of the two).
// Kafka's refusals: a name or id given twice (INVALID_REQUEST "Duplicate topic name." /
// "Duplicate topic id."), an entry with both or neither (INVALID_REQUEST), an unknown
// name (UNKNOWN_TOPIC_OR_PARTITION), an unknown id (UNKNOWN_TOPIC_ID). Results come in
// request order, one per distinct name or id.
//
// The topic leaves the table first (persisted), then its partitions are closed and their
// directories deleted (topic_lifecycle.h) before the answer is sent.

#include "kafka/handlers/handlers.h"

#include <map>
#include <set>

#include "base/log_context.h"
#include "base/logging.h"
#include "kafka/topic_lifecycle.h"
#include "protocol/messages/delete_topics.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

using topic_result = protocol::delete_topics_response::deletable_topic_result;

constexpr int16_t k_first_version_with_topic_states = 6;

topic_result result_for(std::optional<std::string> name, const protocol::uuid& id, error_code code,
                        std::optional<std::string> message) {
    topic_result out;
    out.name = std::move(name);
    out.topic_id = id;
    out.error_code = to_wire(code);
    out.error_message = std::move(message);
    return out;
}

topic_result failure(std::optional<std::string> name, const protocol::uuid& id, error_code code) {
    return result_for(std::move(name), id, code, std::string(error_message(code)));
}

boost::asio::awaitable<topic_result> delete_by_id(const request_context& ctx, const protocol::uuid& id) {
    auto deleting = delete_topic(ctx, id);
    auto deleted = co_await std::move(deleting);
    if (!deleted) co_return result_for(std::nullopt, id, deleted.error().code, deleted.error().message);
    co_return result_for((*deleted)->name, id, error_code::none, std::nullopt);
}

boost::asio::awaitable<topic_result> delete_by_name(const request_context& ctx, const std::string& name) {
    const auto snapshot = ctx.topics.snapshot();
    const cluster::topic_metadata* topic = snapshot->find(name);
    if (!topic) co_return failure(name, protocol::uuid::nil(), error_code::unknown_topic_or_partition);
    auto deleting = delete_by_id(ctx, topic->id);
    co_return co_await std::move(deleting);
}

// One entry of the request, by name or by id.
struct deletion {
    std::optional<std::string> name;
    protocol::uuid id;
};

std::vector<deletion> entries_of(const request_context& ctx, const protocol::delete_topics_request& request) {
    std::vector<deletion> out;
    if (ctx.api_version < k_first_version_with_topic_states) {
        for (const auto& name : request.topic_names) out.push_back({name, protocol::uuid::nil()});
    } else {
        for (const auto& topic : request.topics) out.push_back({topic.name, topic.topic_id});
    }
    return out;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> delete_topics(const request_context& ctx, protocol::reader& body) {
    protocol::delete_topics_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    const std::vector<deletion> entries = entries_of(ctx, request);
    // Names and ids are keyed by text so one map counts both ("n:" / "i:" keep them apart).
    auto key_of = [](const deletion& d) { return d.name ? "n:" + *d.name : "i:" + d.id.to_string(); };
    std::map<std::string, int> occurrences;
    for (const auto& entry : entries) ++occurrences[key_of(entry)];

    protocol::delete_topics_response response;
    response.throttle_time_ms = 0;
    std::set<std::string> answered;
    for (const auto& entry : entries) {
        const bool has_name = entry.name.has_value();
        const bool has_id = !entry.id.is_nil();
        if (has_name && has_id) {
            response.responses.push_back(result_for(entry.name, entry.id, error_code::invalid_request,
                                                    "You may not specify both topic name and topic id."));
            continue;
        }
        if (!has_name && !has_id) {
            response.responses.push_back(result_for(std::nullopt, entry.id, error_code::invalid_request,
                                                    "Neither topic name nor id were specified."));
            continue;
        }
        const std::string key = key_of(entry);
        if (!answered.insert(key).second) continue;  // one result per name or id
        if (occurrences[key] > 1) {
            response.responses.push_back(result_for(entry.name, entry.id, error_code::invalid_request,
                                                    has_name ? "Duplicate topic name." : "Duplicate topic id."));
            continue;
        }
        auto deleting = has_name ? delete_by_name(ctx, *entry.name) : delete_by_id(ctx, entry.id);
        response.responses.push_back(co_await std::move(deleting));
        const topic_result& result = response.responses.back();
        const std::string named = has_name ? *entry.name : entry.id.to_string();
        sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info, {named, {}, ctx.client_id},
                               "DeleteTopics {} from {} (client {}): {}", named, ctx.peer, ctx.client_id,
                               error_name(static_cast<error_code>(result.error_code)));
    }
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

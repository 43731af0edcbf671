// OffsetDelete (key 47), v0: removes a group's committed offsets for some partitions
// (tombstones, durable before the answer). Refused per partition with
// GROUP_SUBSCRIBED_TO_TOPIC while a member consumes the topic; for the whole request
// with GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP (kafka/groups/offsets.cc). Partitions of
// topics this broker does not have get UNKNOWN_TOPIC_OR_PARTITION, as in Kafka.

#include "kafka/group_request_partitions.h"
#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/offset_delete.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> offset_delete(const request_context& ctx, protocol::reader& body) {
    protocol::offset_delete_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const known_partitions partitions = known_partitions_of(*ctx.topics.snapshot(), request.topics);
    groups::offset_delete_request deletion;
    deletion.group_id = request.group_id;
    deletion.partitions = partitions.known;
    std::function<boost::asio::awaitable<groups::offset_delete_result>(group_driver&)> run =
        [&deletion](group_driver& driver) { return driver.delete_offsets(deletion); };
    std::function<groups::offset_delete_result(error_code)> failed = [](error_code e) {
        return groups::offset_delete_result{e, {}};
    };
    auto deleting = on_group_coordinator(ctx, deletion.group_id, std::move(run), std::move(failed));
    const groups::offset_delete_result result = co_await std::move(deleting);

    protocol::offset_delete_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(result.error);
    error_code first_error = result.error;
    if (result.error == error_code::none) {
        first_error = answer_partitions(response.topics, request.topics, partitions, result.partitions);
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

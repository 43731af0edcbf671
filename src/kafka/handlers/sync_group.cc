// SyncGroup (key 14), v0-5: the leader hands in the assignment, every member waits for
// its part (kafka/groups/sync_group.cc). The answer comes once the assignment is durable.

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/sync_group.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> sync_group(const request_context& ctx, protocol::reader& body) {
    protocol::sync_group_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    groups::sync_request sync;
    sync.group_id = std::move(request.group_id);
    sync.generation_id = request.generation_id;
    sync.member_id = std::move(request.member_id);
    sync.group_instance_id = std::move(request.group_instance_id);
    sync.protocol_type = std::move(request.protocol_type);
    sync.protocol_name = std::move(request.protocol_name);
    for (auto& a : request.assignments) sync.assignments.push_back({std::move(a.member_id), std::move(a.assignment)});
    std::function<boost::asio::awaitable<groups::sync_result>(group_driver&)> run =
        [&sync](group_driver& driver) { return driver.sync(sync); };
    std::function<groups::sync_result(error_code)> failed = [](error_code e) {
        groups::sync_result r;
        r.error = e;
        return r;
    };
    auto syncing = on_group_coordinator(ctx, sync.group_id, std::move(run), std::move(failed));
    groups::sync_result result = co_await std::move(syncing);

    protocol::sync_group_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(result.error);
    response.protocol_type = std::move(result.protocol_type);
    response.protocol_name = std::move(result.protocol_name);
    response.assignment = std::move(result.assignment);
    co_return encoded(response, ctx.api_version, result.error);
}

}  // namespace sb::kafka::handlers

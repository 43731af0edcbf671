// Heartbeat (key 12), v0-4: a member says it is alive; REBALANCE_IN_PROGRESS tells it
// to rejoin (kafka/groups/membership.cc).

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/heartbeat.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> heartbeat(const request_context& ctx, protocol::reader& body) {
    protocol::heartbeat_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    groups::heartbeat_request beat;
    beat.group_id = std::move(request.group_id);
    beat.generation_id = request.generation_id;
    beat.member_id = std::move(request.member_id);
    beat.group_instance_id = std::move(request.group_instance_id);
    std::function<boost::asio::awaitable<error_code>(group_driver&)> run =
        [&beat](group_driver& driver) -> boost::asio::awaitable<error_code> { co_return driver.heartbeat(beat); };
    std::function<error_code(error_code)> failed = [](error_code e) { return e; };
    auto beating = on_group_coordinator(ctx, beat.group_id, std::move(run), std::move(failed));
    const error_code error = co_await std::move(beating);
    protocol::heartbeat_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(error);
    co_return encoded(response, ctx.api_version, error);
}

}  // namespace sb::kafka::handlers

// LeaveGroup (key 13), v0-5: members leave at once instead of waiting for their session
// to expire. v0-2 name the sender alone; v3+ name several members, each by member id
// and/or instance id (an administrator removing static members), with an error each.

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/leave_group.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int16_t k_first_batched_version = 3;

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> leave_group(const request_context& ctx, protocol::reader& body) {
    protocol::leave_group_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    groups::leave_request leave;
    leave.group_id = std::move(request.group_id);
    if (ctx.api_version < k_first_batched_version) {
        leave.members.push_back({std::move(request.member_id), std::nullopt});
    } else {
        for (auto& m : request.members) leave.members.push_back({std::move(m.member_id), std::move(m.group_instance_id)});
    }
    std::function<boost::asio::awaitable<groups::leave_result>(group_driver&)> run =
        [&leave](group_driver& driver) -> boost::asio::awaitable<groups::leave_result> {
        co_return driver.leave(leave);
    };
    std::function<groups::leave_result(error_code)> failed = [](error_code e) {
        groups::leave_result r;
        r.error = e;
        return r;
    };
    auto leaving = on_group_coordinator(ctx, leave.group_id, std::move(run), std::move(failed));
    groups::leave_result result = co_await std::move(leaving);

    protocol::leave_group_response response;
    response.throttle_time_ms = 0;
    error_code error = result.error;
    if (ctx.api_version < k_first_batched_version) {
        // One member: its error is the request's.
        if (error == error_code::none && !result.members.empty()) error = result.members.front().error;
    } else {
        for (auto& m : result.members) {
            auto& out = response.members.emplace_back();
            out.member_id = std::move(m.member_id);
            out.group_instance_id = std::move(m.group_instance_id);
            out.error_code = to_wire(m.error);
        }
    }
    response.error_code = to_wire(error);
    co_return encoded(response, ctx.api_version, error);
}

}  // namespace sb::kafka::handlers

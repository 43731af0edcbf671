// DeleteGroups (key 42), v0-2: removes empty groups and their offsets (tombstones in
// __consumer_offsets, durable before the answer). A group with members gets
// NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND. Each group is asked of its own
// coordinator; results come back in request order, once per distinct id.

#include <set>

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/delete_groups.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> delete_groups(const request_context& ctx, protocol::reader& body) {
    protocol::delete_groups_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    protocol::delete_groups_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    std::set<std::string> seen;
    for (const std::string& group_id : request.groups_names) {
        if (!seen.insert(group_id).second) continue;
        const std::vector<std::string> one{group_id};
        std::function<boost::asio::awaitable<groups::delete_groups_result>(group_driver&)> run =
            [&one](group_driver& driver) { return driver.delete_groups(one); };
        std::function<groups::delete_groups_result(error_code)> failed = [&group_id](error_code e) {
            return groups::delete_groups_result{{{group_id, e}}};
        };
        auto deleting = on_group_coordinator(ctx, group_id, std::move(run), std::move(failed));
        const groups::delete_groups_result result = co_await std::move(deleting);
        const error_code e = result.groups.empty() ? error_code::unknown_server_error : result.groups.front().error;
        response.results.push_back({group_id, to_wire(e)});
        if (first_error == error_code::none) first_error = e;
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

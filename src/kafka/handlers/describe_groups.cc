// DescribeGroups (key 15), v0-5: state, protocol and members of each group, asked of
// the group's coordinator. A group the coordinator does not have is "Dead" with no
// error, as in Kafka; members' metadata and assignments are sent only while the group
// is Stable. With include_authorized_operations (v3+) the answer lists the operations
// on a group (READ, DELETE, DESCRIBE): there are no ACLs yet, so every one is allowed.

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/describe_groups.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

// AclOperation codes READ (3), DELETE (6) and DESCRIBE (8) as a bit set.
constexpr int32_t k_group_operations_all = (1 << 3) | (1 << 6) | (1 << 8);

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> describe_groups(const request_context& ctx,
                                                                   protocol::reader& body) {
    protocol::describe_groups_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    protocol::describe_groups_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    for (const std::string& group_id : request.groups) {
        std::function<boost::asio::awaitable<groups::group_description>(group_driver&)> run =
            [&group_id](group_driver& driver) -> boost::asio::awaitable<groups::group_description> {
            co_return driver.coordinator().describe_group(group_id);
        };
        std::function<groups::group_description(error_code)> failed = [&group_id](error_code e) {
            groups::group_description d;
            d.error = e;
            d.group_id = group_id;
            return d;
        };
        auto describing = on_group_coordinator(ctx, group_id, std::move(run), std::move(failed));
        groups::group_description d = co_await std::move(describing);
        auto& out = response.groups.emplace_back();
        out.error_code = to_wire(d.error);
        out.group_id = group_id;
        out.group_state = std::move(d.state);
        out.protocol_type = std::move(d.protocol_type);
        out.protocol_data = std::move(d.protocol_name);
        for (auto& m : d.members) {
            auto& member = out.members.emplace_back();
            member.member_id = std::move(m.member_id);
            member.group_instance_id = std::move(m.group_instance_id);
            member.client_id = std::move(m.client_id);
            member.client_host = std::move(m.client_host);
            member.member_metadata = std::move(m.metadata);
            member.member_assignment = std::move(m.assignment);
        }
        out.authorized_operations = request.include_authorized_operations ? k_group_operations_all : INT32_MIN;
        if (first_error == error_code::none) first_error = d.error;
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

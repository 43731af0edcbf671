// JoinGroup (key 11), v0-9: a member (re)joins a group and waits until the join phase
// ends; the coordinator core decides (kafka/groups/join_group.cc). v4+ sends a new member
// MEMBER_ID_REQUIRED with its id first; v5+ carries static membership; v0 has no
// rebalance timeout, which is then the session timeout, as in Kafka.

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/join_group.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int16_t k_first_version_requiring_member_id = 4;
constexpr int16_t k_first_version_with_nullable_protocol_name = 7;
constexpr int16_t k_first_version_with_skip_assignment = 9;

groups::join_request to_core(const request_context& ctx, protocol::join_group_request& r) {
    groups::join_request out;
    out.group_id = std::move(r.group_id);
    out.member_id = std::move(r.member_id);
    out.group_instance_id = std::move(r.group_instance_id);
    out.client_id = std::string(ctx.client_id);
    out.client_host = client_host_of(ctx.peer);
    out.session_timeout_ms = r.session_timeout_ms;
    out.rebalance_timeout_ms = ctx.api_version == 0 ? r.session_timeout_ms : r.rebalance_timeout_ms;
    out.protocol_type = std::move(r.protocol_type);
    for (auto& p : r.protocols) out.protocols.push_back({std::move(p.name), std::move(p.metadata)});
    out.require_known_member_id = ctx.api_version >= k_first_version_requiring_member_id;
    out.supports_skip_assignment = ctx.api_version >= k_first_version_with_skip_assignment;
    return out;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> join_group(const request_context& ctx, protocol::reader& body) {
    protocol::join_group_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const groups::join_request join = to_core(ctx, request);
    std::function<boost::asio::awaitable<groups::join_result>(group_driver&)> run =
        [&join](group_driver& driver) { return driver.join(join); };
    std::function<groups::join_result(error_code)> failed = [&join](error_code e) {
        groups::join_result r;
        r.error = e;
        r.member_id = join.member_id;
        return r;
    };
    auto joining = on_group_coordinator(ctx, join.group_id, std::move(run), std::move(failed));
    groups::join_result result = co_await std::move(joining);

    protocol::join_group_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(result.error);
    response.generation_id = result.generation_id;
    response.protocol_type = result.protocol_type;
    response.protocol_name = result.protocol_name;
    if (!response.protocol_name && ctx.api_version < k_first_version_with_nullable_protocol_name) {
        response.protocol_name = "";
    }
    response.leader = result.leader_id;
    response.skip_assignment = result.skip_assignment;
    response.member_id = result.member_id;
    for (auto& m : result.members) {
        auto& out = response.members.emplace_back();
        out.member_id = std::move(m.member_id);
        out.group_instance_id = std::move(m.group_instance_id);
        out.metadata = std::move(m.metadata);
    }
    co_return encoded(response, ctx.api_version, result.error);
}

}  // namespace sb::kafka::handlers

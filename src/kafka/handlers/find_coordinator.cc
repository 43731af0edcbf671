// FindCoordinator (key 10), v0-6: which broker coordinates a group. A single node is
// every group's coordinator, once __consumer_offsets exists: the first lookup creates
// the topic and lookups are answered COORDINATOR_NOT_AVAILABLE until its partitions are
// open, as Kafka does; clients retry. v4+ looks up several keys at once (coordinator_keys).
//
// key_type 0 (GROUP) is served. 1 (TRANSACTION) gets COORDINATOR_NOT_AVAILABLE: there is
// no transaction coordinator yet, which is what Kafka answers while it has none. Any
// other type (2, SHARE, from v6) gets INVALID_REQUEST.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "kafka/group_service.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/find_coordinator.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int8_t k_key_type_group = 0;
constexpr int8_t k_key_type_transaction = 1;
constexpr int16_t k_first_batched_version = 4;

struct lookup {
    error_code error = error_code::none;
    std::optional<std::string> message;
};

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> find_coordinator(const request_context& ctx,
                                                                    protocol::reader& body) {
    protocol::find_coordinator_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    lookup found;
    if (request.key_type == k_key_type_transaction) {
        found = {error_code::coordinator_not_available, "Transactions are not supported by this broker."};
    } else if (request.key_type != k_key_type_group) {
        found = {error_code::invalid_request, "Unknown coordinator type " + std::to_string(request.key_type)};
    } else {
        group_service& groups = *ctx.services.broker->groups;
        if (!groups.offsets_topic() || groups.creating_offsets_topic()) {
            auto ensure = [&groups]() -> boost::asio::awaitable<bool> {
                co_return groups.ensure_offsets_topic() != nullptr;
            };
            auto hop = boost::asio::co_spawn(groups.partitions().executor(0), ensure(), boost::asio::use_awaitable);
            if (!co_await std::move(hop)) {
                found = {error_code::coordinator_not_available, "The coordinator is not available."};
            }
        }
    }
    const bool ok = found.error == error_code::none;
    protocol::find_coordinator_response response;
    response.throttle_time_ms = 0;
    auto fill = [&](auto& out) {
        out.error_code = to_wire(found.error);
        out.node_id = ok ? ctx.config.node_id : -1;
        out.host = ok ? ctx.config.advertised_host : "";
        out.port = ok ? ctx.config.advertised_port : -1;
        out.error_message = ok ? std::nullopt : found.message;
    };
    if (ctx.api_version < k_first_batched_version) {
        fill(response);
    } else {
        for (const auto& key : request.coordinator_keys) {
            auto& c = response.coordinators.emplace_back();
            c.key = key;
            fill(c);
        }
    }
    co_return encoded(response, ctx.api_version, found.error);
}

}  // namespace sb::kafka::handlers

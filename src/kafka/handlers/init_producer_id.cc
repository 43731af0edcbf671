// InitProducerId (key 22), v0-v5, on the controller shard: a new producer id with epoch
// 0 for an idempotent producer (no transactional id). As in Kafka, the producer id and
// epoch a client sends (v3+, to re-initialise) are not needed for that: it always gets a
// fresh id. Ids are never reused (cluster/producer_id_allocator.h).
//
// Transactions are not served yet: a transactional id is refused with INVALID_REQUEST.

#include "kafka/handlers/handlers.h"

#include "base/log_context.h"
#include "base/logging.h"
#include "protocol/messages/init_producer_id.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> init_producer_id(const request_context& ctx,
                                                                    protocol::reader& body) {
    protocol::init_producer_id_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    protocol::init_producer_id_response response;
    response.throttle_time_ms = 0;
    response.producer_id = -1;
    response.producer_epoch = -1;
    if (request.transactional_id) {
        sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info, {{}, {}, ctx.client_id},
                               "InitProducerId from {} (client {}) with transactional id {}: transactions are not "
                               "supported",
                               ctx.peer, ctx.client_id, *request.transactional_id);
        response.error_code = to_wire(error_code::invalid_request);
        co_return encoded(response, ctx.api_version, error_code::invalid_request);
    }
    broker_services& services = *ctx.services.broker;
    auto allocating = services.producer_ids->next(services.partitions->blocking(0));
    auto id = co_await std::move(allocating);
    if (!id) {
        response.error_code = to_wire(id.error());
        co_return encoded(response, ctx.api_version, id.error());
    }
    response.error_code = to_wire(error_code::none);
    response.producer_id = *id;
    response.producer_epoch = 0;
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

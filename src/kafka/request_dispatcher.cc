#include "kafka/request_dispatcher.h"

#include <cassert>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/logging.h"
#include "kafka/served_apis.h"
#include "protocol/headers.h"

namespace sb::kafka {
namespace {

net::handler_result close_connection() { return net::handler_result{std::nullopt, true}; }

}  // namespace

request_dispatcher::request_dispatcher(unsigned shard, std::shared_ptr<const broker_config> config,
                                       std::shared_ptr<cluster::topic_table> topics,
                                       boost::asio::any_io_executor controller)
    : shard_(shard), config_(std::move(config)), topics_(std::move(topics)), controller_(std::move(controller)) {
    assert(config_ && topics_ && controller_);
}

boost::asio::awaitable<net::handler_result> request_dispatcher::handle(const net::connection_info& conn,
                                                                        sb::iobuf frame) {
    assert(conn.shard == shard_);
    auto log = sb::logging::get("kafka");
    protocol::reader body(frame);
    auto header = protocol::read_request_header(body);
    if (!header) {
        log->info("closing connection {} from {}: request header does not decode", conn.id, conn.peer);
        co_return close_connection();
    }
    const std::string_view client_id = header->client_id ? std::string_view(*header->client_id) : std::string_view();
    const served_api* api = find_served_api(header->api_key);
    const bool answer_any_version = header->api_key == protocol::k_api_versions_api_key;
    if (!api || (!answer_any_version && !api->supports(header->api_version))) {
        // Kafka disconnects here: the client cannot read an answer to an API or version
        // it should not have sent, since it learnt ours from ApiVersions.
        log->info("closing connection {} from {} (client {}): API key {} version {} is not served", conn.id,
                  conn.peer, client_id, header->api_key, header->api_version);
        co_return close_connection();
    }
    log->debug("request key {} v{} correlation {} from {} (client {})", header->api_key, header->api_version,
               header->correlation_id, conn.peer, client_id);

    const request_context ctx{header->api_key, header->api_version, header->correlation_id, client_id,
                              conn.peer,       *config_,            *topics_};
    protocol::writer out;
    protocol::write_response_header(out, *header);
    sb::status handled;
    if (api->shard == api_shard::controller && shard_ != 0) {
        // The coroutine frame (ctx, body, out) outlives this hop: we wait for it.
        handled = co_await boost::asio::co_spawn(
            controller_, [&]() -> boost::asio::awaitable<sb::status> { co_return api->handle(ctx, body, out); },
            boost::asio::use_awaitable);
    } else {
        handled = api->handle(ctx, body, out);
    }
    if (!handled) {
        log->info("closing connection {} from {} (client {}): API key {} version {} body does not decode ({})",
                  conn.id, conn.peer, client_id, header->api_key, header->api_version, error_name(handled.error()));
        co_return close_connection();
    }
    co_return net::handler_result{out.take(), false};
}

}  // namespace sb::kafka

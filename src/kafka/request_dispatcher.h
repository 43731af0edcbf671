#pragma once
// request_dispatcher: the Kafka layer's net::request_handler. One per shard.
//
// For each request frame: decode the request header (v1, or v2 for a flexible version),
// find the API in served_apis, and answer as Kafka's broker does:
//  - ApiVersions at any version goes to its handler, which answers versions we do not
//    serve with UNSUPPORTED_VERSION so that the client retries lower;
//  - any other API we do not serve, an unknown key, a version outside our range, a
//    header or body that does not decode: the connection is closed (logged at info);
//  - otherwise the handler writes the body after the response header (v0 for
//    ApiVersions always, else v1 iff the version is flexible) and the correlation id is
//    echoed.
// Handlers marked api_shard::controller (topic changes) run on the controller executor
// (shard 0) and the answer comes back to this shard.
//
// Lifecycle: created by make_request_handler_factory, called only on its shard's event
// loop. It holds no per-connection state.

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "net/request_handler.h"

namespace sb::kafka {

class request_dispatcher final : public net::request_handler {
public:
    // `controller` runs controller-shard handlers; requests that arrive on shard 0 run inline.
    request_dispatcher(unsigned shard, std::shared_ptr<const broker_config> config,
                       std::shared_ptr<cluster::topic_table> topics, boost::asio::any_io_executor controller);

    boost::asio::awaitable<net::handler_result> handle(const net::connection_info& conn, sb::iobuf frame) override;

private:
    unsigned shard_;
    std::shared_ptr<const broker_config> config_;
    std::shared_ptr<cluster::topic_table> topics_;
    boost::asio::any_io_executor controller_;
};

}  // namespace sb::kafka

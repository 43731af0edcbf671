#pragma once
// request_dispatcher: the Kafka layer's net::request_handler. One per shard.
//
// For each request frame: decode the request header (v1, or v2 for a flexible version),
// find the API in served_apis, and answer as Kafka's broker does:
//  - ApiVersions at any version goes to its handler, which answers versions we do not
//    serve with UNSUPPORTED_VERSION so that the client retries lower;
//  - any other API we do not serve, an unknown key, a version outside our range (or one
//    we advertise but do not serve: Produce v0-v2), a header or body that does not
//    decode: the connection is closed (logged at info);
//  - otherwise the handler writes the body after the response header (v0 for
//    ApiVersions always, else v1 iff the version is flexible) and the correlation id is
//    echoed.
// Handlers marked api_shard::controller (topic changes, producer ids) run on the
// controller executor (shard 0) and the answer comes back to this shard.
//
// Metrics: streambus_requests_total{api,error} (error: the first error code the response
// carries, "none" when it carries none, "closed" when the connection was closed instead)
// and streambus_request_latency_seconds{api}, both registered once per shard.
//
// Lifecycle: created by make_request_handler_factory, called only on its shard's event
// loop. It holds no per-connection state; its shard_services hold the shard's fetch
// sessions.

#include <map>
#include <memory>
#include <utility>

#include <boost/asio/any_io_executor.hpp>

#include "base/metrics.h"
#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "kafka/broker_services.h"
#include "net/request_handler.h"

namespace sb::kafka {

class request_dispatcher final : public net::request_handler {
public:
    // `controller` runs controller-shard handlers; requests that arrive on shard 0 run inline.
    request_dispatcher(unsigned shard, std::shared_ptr<const broker_config> config,
                       std::shared_ptr<cluster::topic_table> topics, boost::asio::any_io_executor controller,
                       std::shared_ptr<broker_services> services);

    // Ends `stage` early only for Produce (after its appends); every other API runs as a
    // whole in arrival order, as Kafka's broker runs them.
    boost::asio::awaitable<net::handler_result> handle(const net::connection_info& conn, sb::iobuf frame,
                                                       net::ordered_stage& stage) override;

private:
    // `error` is a wire error code, or k_closed_label_code for a closed connection.
    void count(int16_t api_key, int16_t error, double seconds);

    unsigned shard_;
    std::shared_ptr<const broker_config> config_;
    std::shared_ptr<cluster::topic_table> topics_;
    boost::asio::any_io_executor controller_;
    shard_services services_;
    std::map<std::pair<int16_t, int16_t>, metrics::counter*> requests_;
    std::map<int16_t, metrics::histogram*> latency_;
};

}  // namespace sb::kafka

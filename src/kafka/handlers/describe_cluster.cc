// DescribeCluster (key 60), v0-1: the cluster id, the controller and the brokers.
//
// As Kafka's broker answers it (AuthHelper.computeDescribeClusterResponse): the broker
// listener describes brokers, so an endpoint_type (v1) of CONTROLLER (2) gets
// MISMATCHED_ENDPOINT_TYPE and any other unknown type UNSUPPORTED_ENDPOINT_TYPE, each
// with Kafka's message and nothing else in the answer; v0 requests cannot carry a type.
// The controller id is this broker, the only one (in KRaft a broker reports a live
// broker there, since clients cannot reach the controllers). Authorized operations are
// filled only when asked for (authorized_operations.h).

#include "kafka/handlers/handlers.h"

#include <fmt/format.h>

#include "kafka/authorized_operations.h"
#include "protocol/messages/describe_cluster.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

// Kafka's EndpointType.
constexpr int8_t k_endpoint_broker = 1;
constexpr int8_t k_endpoint_controller = 2;

}  // namespace

sb::status describe_cluster(const request_context& ctx, protocol::reader& body, protocol::writer& out) {
    protocol::describe_cluster_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) return decoded;

    protocol::describe_cluster_response response;
    response.throttle_time_ms = 0;
    if (request.endpoint_type != k_endpoint_broker) {
        // Only a v1 request can name another type (v0 decodes as BROKER).
        if (request.endpoint_type == k_endpoint_controller) {
            response.error_code = to_wire(error_code::mismatched_endpoint_type);
            response.error_message = "The request was sent to an endpoint of type BROKER, but we wanted an endpoint "
                                     "of type CONTROLLER";
        } else {
            response.error_code = to_wire(error_code::unsupported_endpoint_type);
            response.error_message = fmt::format("Unsupported endpoint type {}", request.endpoint_type);
        }
        response.encode(out, ctx.api_version);
        return {};
    }
    response.error_code = to_wire(error_code::none);
    response.endpoint_type = k_endpoint_broker;
    response.cluster_id = ctx.config.cluster_id;
    response.controller_id = ctx.config.node_id;
    response.brokers.push_back(
        {ctx.config.node_id, ctx.config.advertised_host, ctx.config.advertised_port, ctx.config.rack});
    response.cluster_authorized_operations = request.include_cluster_authorized_operations
                                                 ? k_cluster_operations_all
                                                 : k_authorized_operations_not_requested;
    response.encode(out, ctx.api_version);
    return {};
}

}  // namespace sb::kafka::handlers

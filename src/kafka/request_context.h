#pragma once
// What a handler knows about the request it is answering, besides its body.
// Lives on the dispatcher's coroutine frame for the duration of one request.

#include <cstdint>
#include <string_view>

#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "kafka/broker_services.h"
#include "net/request_handler.h"

namespace sb::kafka {

struct request_context {
    int16_t api_key = 0;
    int16_t api_version = 0;
    int32_t correlation_id = 0;
    std::string_view client_id;  // "" when the client sent none (null)
    std::string_view peer;       // "host:port" of the client, for logs
    const broker_config& config;
    cluster::topic_table& topics;
    // The connection's shard and its services. Handlers that run on the controller shard
    // (api_shard::controller) use only `services.broker`, which is shared.
    shard_services& services;
    // The request's place in its connection's arrival order: a handler that ends it
    // before finishing lets the connection start the next request (net/request_handler.h).
    // Null where no connection drives the request.
    net::ordered_stage* stage = nullptr;
};

}  // namespace sb::kafka

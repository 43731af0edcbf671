#pragma once
// Limits and addresses of the Kafka listener. Defaults match Kafka's where Kafka has the
// setting (socket.request.max.bytes, connections.max.idle.ms).

#include <cstdint>

#include "net/endpoint.h"

namespace sb::net {

struct server_config {
    endpoint listen{"127.0.0.1", 9092};
    // socket.request.max.bytes: a frame larger than this closes the connection before any
    // buffer is allocated for it.
    int64_t request_max_bytes = 100 * 1024 * 1024;
    // connections.max.idle.ms: a connection with no request in flight and no bytes
    // received for this long is closed.
    int64_t idle_timeout_ms = 10 * 60 * 1000;
    // max.connections: accepted connections beyond this are closed at once.
    int64_t max_connections = 10000;
    // connection.inflight.max.requests: requests one connection may have read and not yet
    // answered; at the limit the connection stops reading its socket until the oldest
    // answer is written.
    int64_t inflight_max_requests = 16;
    // connection.inflight.max.bytes: request bytes one connection may hold that way (a
    // single larger request is still read when nothing else is in flight).
    int64_t inflight_max_bytes = 16 * 1024 * 1024;
    // Backlog of the listening socket.
    int listen_backlog = 1024;
};

}  // namespace sb::net

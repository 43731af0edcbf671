#pragma once
// The boundary between the network layer and the protocol layers above it.
//
// net/ owns sockets, framing (the 4-byte size prefix, checked against
// socket.request.max.bytes before anything is allocated), ordering of pipelined
// requests, idle timeouts and connection limits. It hands each complete request frame
// to a request_handler and writes back what the handler returns, in request order.
//
// Lifecycle and threading: the server creates one handler per shard through a
// request_handler_factory; a handler is only ever called on its own shard's event loop
// (so it needs no locks for per-shard state). A connection's requests are handled one
// at a time, in arrival order, which is what keeps pipelined answers in order.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "base/iobuf.h"

namespace sb::net {

struct connection_info {
    uint64_t id = 0;          // unique per server run
    std::string peer;         // "host:port" of the client
    unsigned shard = 0;       // the shard whose event loop owns the connection
};

// Bytes of an open file that go into a response at a given position, sent with
// sendfile(2) so that fetched records travel from the page cache to the socket without
// being copied through user space. `keep_alive` holds whatever keeps `fd` open (a
// segment file handle) until the bytes have been sent.
struct file_splice {
    std::size_t at = 0;  // position in `response` before which the file bytes go
    int fd = -1;
    uint64_t offset = 0;
    uint64_t size_bytes = 0;
    std::shared_ptr<const void> keep_alive;
};

struct handler_result {
    // The response frame without its size prefix; nullopt when the request has no
    // response (Produce with acks=0).
    std::optional<sb::iobuf> response;
    // Close the connection after writing `response` (if any). Used for requests that
    // Kafka answers by disconnecting: unknown API keys, unsupported versions of APIs
    // other than ApiVersions, bodies that fail to decode.
    bool close_connection = false;
    // File ranges spliced into `response`, in ascending `at` order (each `at` <= the
    // response's size). The frame is `response` with these inserted; its size prefix
    // counts them.
    std::vector<file_splice> file_splices;
};

class request_handler {
public:
    virtual ~request_handler() = default;
    // `frame` holds exactly one request: header and body, without the size prefix.
    virtual boost::asio::awaitable<handler_result> handle(const connection_info& conn,
                                                          sb::iobuf frame) = 0;
};

using request_handler_factory = std::function<std::unique_ptr<request_handler>(unsigned shard)>;

}  // namespace sb::net

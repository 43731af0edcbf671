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
// (so it needs no locks for per-shard state).
//
// Pipelined requests (the contract between a connection and its handler):
//  - A connection hands requests to the handler in arrival order and starts request
//    N+1 only once request N has ended its ordered stage: by calling `stage.end()`, or
//    by finishing handle(). So everything a handler does before ending the stage
//    happens in arrival order (Produce: decode, validate and append to each
//    partition's log), and what it does after (Produce: wait for the fsync that covers
//    the batch) overlaps with the requests that follow. A handler that never calls
//    end() runs its requests strictly one after the other (most APIs: this is what
//    Kafka's broker does for every request, and it keeps a long-polling Fetch ahead of
//    the requests behind it).
//  - Answers are written in arrival order whatever order the handlers finish in.
//  - `conn`, and `stage` until handle() finishes, outlive the call; end() must be called
//    on the connection's shard (the handler may hop to other shards in between).
//  - close_connection: the connection writes that request's answer (if any), then
//    closes; requests read after it are not answered, though their handlers may have
//    started and run to the end.
//  - A connection holds at most server_config::inflight_max_requests requests and
//    inflight_max_bytes of request frames between reading them and writing their
//    answers; beyond that it stops reading the socket, which pushes back on the client
//    through TCP flow control.
//  - A connection that closes (client gone, shutdown, idle timeout, error) waits for
//    the handlers it started before it counts as closed, so a handler never outlives
//    the server that called it.

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

// The part of one request that must happen in its connection's arrival order (see the
// contract above). Ending it more than once is harmless.
class ordered_stage {
public:
    ordered_stage() = default;
    explicit ordered_stage(std::function<void()> on_end) : on_end_(std::move(on_end)) {}
    ordered_stage(const ordered_stage&) = delete;
    ordered_stage& operator=(const ordered_stage&) = delete;

    void end() {
        if (ended_) return;
        ended_ = true;
        if (on_end_) on_end_();
    }
    bool ended() const { return ended_; }

private:
    std::function<void()> on_end_;
    bool ended_ = false;
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
    // `stage`: end it once the request's ordered part is done (optional; finishing ends it).
    virtual boost::asio::awaitable<handler_result> handle(const connection_info& conn, sb::iobuf frame,
                                                          ordered_stage& stage) = 0;
};

using request_handler_factory = std::function<std::unique_ptr<request_handler>(unsigned shard)>;

}  // namespace sb::net

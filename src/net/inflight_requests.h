#pragma once
// The requests of one connection between being read and having their answers written,
// oldest first, and the limits on them (server_config::inflight_max_requests and
// inflight_max_bytes). The connection reads a request only when admits() says so, which
// is how a client that pipelines more than that is pushed back on: its requests wait in
// the socket, not in memory.
//
// Touched only on the connection's shard.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "net/request_handler.h"

namespace sb::net {

struct inflight_request {
    inflight_request(std::size_t bytes, std::function<void()> on_stage_end)
        : frame_bytes(bytes), stage(std::move(on_stage_end)) {}
    std::size_t frame_bytes;
    ordered_stage stage;
    std::optional<handler_result> result;  // set once the handler has finished
};

class inflight_requests {
public:
    inflight_requests(std::size_t max_requests, std::size_t max_bytes);

    // Whether a request frame of `frame_bytes` may be read now. A frame larger than the
    // byte limit is admitted alone, or it could never be read.
    bool admits(std::size_t frame_bytes) const;
    // Adds a request that admits() let in; `on_stage_end` runs when its ordered stage ends.
    std::shared_ptr<inflight_request> push(std::size_t frame_bytes, std::function<void()> on_stage_end);
    // Removes and returns the oldest request if its handler has finished; null otherwise.
    std::shared_ptr<inflight_request> pop_finished();

    bool empty() const { return queue_.empty(); }
    std::size_t size() const { return queue_.size(); }
    std::size_t bytes() const { return bytes_; }

private:
    std::size_t max_requests_;
    std::size_t max_bytes_;
    std::deque<std::shared_ptr<inflight_request>> queue_;
    std::size_t bytes_ = 0;
};

}  // namespace sb::net

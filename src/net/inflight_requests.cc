#include "net/inflight_requests.h"

#include <cassert>

namespace sb::net {

inflight_requests::inflight_requests(std::size_t max_requests, std::size_t max_bytes)
    : max_requests_(max_requests), max_bytes_(max_bytes) {
    assert(max_requests_ >= 1);
}

bool inflight_requests::admits(std::size_t frame_bytes) const {
    if (queue_.empty()) return true;
    return queue_.size() < max_requests_ && bytes_ + frame_bytes <= max_bytes_;
}

std::shared_ptr<inflight_request> inflight_requests::push(std::size_t frame_bytes, std::function<void()> on_stage_end) {
    assert(admits(frame_bytes));
    auto request = std::make_shared<inflight_request>(frame_bytes, std::move(on_stage_end));
    queue_.push_back(request);
    bytes_ += frame_bytes;
    return request;
}

std::shared_ptr<inflight_request> inflight_requests::pop_finished() {
    if (queue_.empty() || !queue_.front()->result) return nullptr;
    auto oldest = std::move(queue_.front());
    queue_.pop_front();
    assert(bytes_ >= oldest->frame_bytes);
    bytes_ -= oldest->frame_bytes;
    return oldest;
}

}  // namespace sb::net

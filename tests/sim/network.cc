#include "sim/network.h"

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

namespace sb::raft::sim {

namespace {
constexpr std::size_t k_arrival_ring_steps = 64;
}  // namespace

network::network(node_id max_node_id, sim_random& random, trace& log)
    : max_node_id_(max_node_id),
      random_(random),
      log_(log),
      links_up_(static_cast<std::size_t>((max_node_id + 1) * (max_node_id + 1)), 1),
      arrivals_(k_arrival_ring_steps) {
    assert(max_node_id > 0);
}

std::size_t network::link_slot(node_id from, node_id to) const {
    assert(from >= 0 && from <= max_node_id_ && to >= 0 && to <= max_node_id_);
    return static_cast<std::size_t>(from * (max_node_id_ + 1) + to);
}

void network::set_link(node_id from, node_id to, bool up) {
    links_up_[link_slot(from, to)] = up ? 1 : 0;
}

bool network::link_up(node_id from, node_id to) const {
    return links_up_[link_slot(from, to)] != 0;
}

void network::heal_links() { std::fill(links_up_.begin(), links_up_.end(), 1); }

int64_t network::delay() {
    assert(faults.long_delay_steps < static_cast<int64_t>(k_arrival_ring_steps));
    assert(faults.max_delay_steps < static_cast<int64_t>(k_arrival_ring_steps));
    if (faults.long_delay_permille > 0 && random_.chance(faults.long_delay_permille)) {
        return random_.between(faults.max_delay_steps, faults.long_delay_steps);
    }
    return random_.between(1, faults.max_delay_steps);
}

void network::schedule(int64_t deliver_at, message m) {
    assert(deliver_at > now_);
    arrivals_[static_cast<std::size_t>(deliver_at) % k_arrival_ring_steps].push_back(std::move(m));
    in_flight_ += 1;
}

void network::send(message m) {
    sent_ += 1;
    if (!link_up(m.from, m.to) || random_.chance(faults.drop_permille)) {
        if (log_.enabled()) log_.line("drop {}", describe(m));
        return;
    }
    if (random_.chance(faults.duplicate_permille)) schedule(now_ + delay(), m);
    schedule(now_ + delay(), std::move(m));
}

void network::take_due(std::vector<message>& out) {
    std::vector<message>& bucket = arrivals_[static_cast<std::size_t>(now_) % k_arrival_ring_steps];
    in_flight_ -= bucket.size();
    // A link cut while the message was on it loses the message.
    std::erase_if(bucket, [&](const message& m) { return !link_up(m.from, m.to); });
    order_.resize(bucket.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<uint32_t>(i);
    for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[random_.below(i)]);
    out.clear();
    for (uint32_t i : order_) out.push_back(std::move(bucket[i]));
    bucket.clear();
}

}  // namespace sb::raft::sim

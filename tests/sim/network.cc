#include "sim/network.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sb::raft::sim {

network::network(node_id max_node_id, sim_random& random, trace& log)
    : max_node_id_(max_node_id),
      random_(random),
      log_(log),
      links_up_(static_cast<std::size_t>((max_node_id + 1) * (max_node_id + 1)), 1) {
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
    if (faults.long_delay_permille > 0 && random_.chance(faults.long_delay_permille)) {
        return random_.between(faults.max_delay_steps, faults.long_delay_steps);
    }
    return random_.between(1, faults.max_delay_steps);
}

void network::send(message m) {
    sent_ += 1;
    if (!link_up(m.from, m.to) || random_.chance(faults.drop_permille)) {
        log_.line("drop {}", describe(m));
        return;
    }
    if (random_.chance(faults.duplicate_permille)) {
        in_flight_.push_back(in_flight_message{now_ + delay(), m});
    }
    in_flight_.push_back(in_flight_message{now_ + delay(), std::move(m)});
}

std::vector<message> network::take_due() {
    std::vector<message> due;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < in_flight_.size(); ++i) {
        if (in_flight_[i].deliver_at <= now_) {
            // A link cut while the message was on it loses the message.
            if (link_up(in_flight_[i].m.from, in_flight_[i].m.to)) {
                due.push_back(std::move(in_flight_[i].m));
            }
        } else {
            if (kept != i) in_flight_[kept] = std::move(in_flight_[i]);
            kept += 1;
        }
    }
    in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(kept), in_flight_.end());
    for (std::size_t i = due.size(); i > 1; --i) std::swap(due[i - 1], due[random_.below(i)]);
    return due;
}

}  // namespace sb::raft::sim

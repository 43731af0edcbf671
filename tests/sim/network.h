#pragma once
// network: the simulated wire between replicas. Messages are dropped, duplicated and
// delayed (so reordered) at random, and links can be cut one direction at a time, which
// makes both symmetric and asymmetric partitions.

#include <cstdint>
#include <vector>

#include "raft/messages.h"
#include "sim/sim_node.h"
#include "sim/sim_random.h"
#include "sim/trace.h"

namespace sb::raft::sim {

struct network_faults {
    uint32_t drop_permille = 0;
    uint32_t duplicate_permille = 0;
    int64_t max_delay_steps = 1;  // a message takes 1..max_delay_steps steps
    // Now and then a message is held much longer, overtaking being the point.
    uint32_t long_delay_permille = 0;
    int64_t long_delay_steps = 0;
};

class network final : public message_sink {
public:
    network(node_id max_node_id, sim_random& random, trace& log);

    void set_now(int64_t step) { now_ = step; }
    network_faults faults;

    void send(message m) override;
    // Moves the messages due by now whose link is up into `out` (emptied first), in
    // random order. Reusing `out` keeps its buffer, which saves an allocation a step.
    void take_due(std::vector<message>& out);

    void set_link(node_id from, node_id to, bool up);
    bool link_up(node_id from, node_id to) const;
    void heal_links();
    std::size_t in_flight() const { return in_flight_; }
    int64_t sent_count() const { return sent_; }

private:
    int64_t delay();
    void schedule(int64_t deliver_at, message m);
    std::size_t link_slot(node_id from, node_id to) const;

    node_id max_node_id_;
    sim_random& random_;
    trace& log_;
    int64_t now_ = 0;
    int64_t sent_ = 0;
    std::vector<uint8_t> links_up_;  // [from][to]
    // Messages by the step they arrive at, modulo the ring's size (longer than any delay),
    // so a step takes its arrivals without looking at the others.
    std::vector<std::vector<message>> arrivals_;
    std::vector<uint32_t> order_;  // scratch for shuffling
    std::size_t in_flight_ = 0;
};

}  // namespace sb::raft::sim

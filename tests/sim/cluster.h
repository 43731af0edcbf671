#pragma once
// cluster: the simulated replicas of one Raft group, their network and the checker, with
// the primitive actions a simulation run is made of (tick, deliver, sync, crash, restart,
// cut links, heal). Which action happens when is decided by simulation.cc.
//
// Node ids are 1..voters for the initial voters, then a few spares that start outside the
// group (an empty configuration) and join through membership changes.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "raft/options.h"
#include "sim/checker.h"
#include "sim/network.h"
#include "sim/sim_node.h"
#include "sim/sim_random.h"
#include "sim/trace.h"

namespace sb::raft::sim {

struct cluster_config {
    int32_t voters = 3;
    int32_t spares = 2;
    options node_options;  // self and random_seed are filled in per node
};

class cluster {
public:
    cluster(const cluster_config& config, sim_random& random, trace& log);

    node_id max_node_id() const { return static_cast<node_id>(nodes_.size()); }
    sim_node& node(node_id id);
    const sim_node& node(node_id id) const;
    checker& check() { return check_; }
    const checker& check() const { return check_; }
    network& net() { return network_; }

    // The up node that believes it leads the highest term, or k_no_node.
    node_id newest_leader() const;

    void tick(node_id id);
    void deliver_due();
    void sync(node_id id);
    void crash(node_id id);
    void restart(node_id id);
    // Cuts every link between `side` and the other nodes, both ways.
    void partition(const std::vector<node_id>& side);
    void cut_link(node_id from, node_id to);
    // Restarts every crashed node and restores every link.
    void heal();

    // Liveness goal: one leader, of an entry committed in its own term, and every member
    // of its configuration up, following it, and having applied everything it holds. When
    // false, `why` says what is missing.
    bool converged(std::string& why) const;

private:
    trace& log_;
    checker check_;
    network network_;
    std::vector<std::unique_ptr<sim_node>> nodes_;  // id - 1
    std::vector<message> due_;                      // reused by deliver_due
};

}  // namespace sb::raft::sim

#include "sim/cluster.h"

#include <cassert>

#include <fmt/format.h>

namespace sb::raft::sim {

namespace {

configuration initial_voters(int32_t voters) {
    configuration c;
    for (node_id id = 1; id <= voters; ++id) c.voters.push_back(id);
    return c;
}

}  // namespace

cluster::cluster(const cluster_config& config, sim_random& random, trace& log)
    : log_(log),
      check_(config.voters + config.spares),
      network_(config.voters + config.spares, random, log) {
    assert(config.voters >= 1 && config.spares >= 0);
    for (node_id id = 1; id <= config.voters + config.spares; ++id) {
        options o = config.node_options;
        o.self = id;
        o.random_seed = random.next();
        // Spares start outside the group: no configuration, so they never campaign.
        configuration initial = id <= config.voters ? initial_voters(config.voters)
                                                    : configuration{};
        nodes_.push_back(std::make_unique<sim_node>(o, std::move(initial), check_, network_, log_));
    }
}

sim_node& cluster::node(node_id id) {
    assert(id >= 1 && id <= max_node_id());
    return *nodes_[static_cast<std::size_t>(id - 1)];
}

const sim_node& cluster::node(node_id id) const {
    assert(id >= 1 && id <= max_node_id());
    return *nodes_[static_cast<std::size_t>(id - 1)];
}

node_id cluster::newest_leader() const {
    node_id best = k_no_node;
    term_id best_term = -1;
    for (const auto& n : nodes_) {
        if (n->up() && n->raft().current_role() == role::leader && n->raft().term() > best_term) {
            best = n->id();
            best_term = n->raft().term();
        }
    }
    return best;
}

void cluster::tick(node_id id) {
    if (node(id).up() && !check_.failed()) node(id).tick();
}

void cluster::deliver_due() {
    network_.take_due(due_);
    for (message& m : due_) {
        if (check_.failed()) return;
        sim_node& to = node(m.to);
        if (to.up()) to.deliver(std::move(m));
    }
}

void cluster::sync(node_id id) {
    if (!check_.failed()) node(id).sync();
}

void cluster::crash(node_id id) {
    if (node(id).up()) node(id).crash();
}

void cluster::restart(node_id id) {
    if (!node(id).up() && !check_.failed()) node(id).restart();
}

void cluster::partition(const std::vector<node_id>& side) {
    std::vector<bool> in_side(static_cast<std::size_t>(max_node_id()) + 1, false);
    for (node_id id : side) in_side[static_cast<std::size_t>(id)] = true;
    for (node_id a = 1; a <= max_node_id(); ++a) {
        for (node_id b = 1; b <= max_node_id(); ++b) {
            if (in_side[static_cast<std::size_t>(a)] != in_side[static_cast<std::size_t>(b)]) {
                network_.set_link(a, b, false);
            }
        }
    }
}

void cluster::cut_link(node_id from, node_id to) {
    log_.line("cut link {}->{}", from, to);
    network_.set_link(from, to, false);
}

void cluster::heal() {
    log_.line("heal: restart every node, restore every link");
    network_.heal_links();
    for (node_id id = 1; id <= max_node_id(); ++id) restart(id);
}

bool cluster::converged(std::string& why) const {
    const node_id leader_id = newest_leader();
    if (leader_id == k_no_node) {
        why = "no leader";
        return false;
    }
    const raft::node& leader = node(leader_id).raft();
    if (leader.term_at(leader.commit_index()) != leader.term()) {
        why = fmt::format("leader {} has not committed an entry of term {}", leader_id,
                          leader.term());
        return false;
    }
    if (leader.commit_index() != leader.last_index() ||
        leader.commit_index() < check_.max_committed_index()) {
        why = fmt::format("leader {} commit {} last {} (committed anywhere: {})", leader_id,
                          leader.commit_index(), leader.last_index(), check_.max_committed_index());
        return false;
    }
    const configuration& config = leader.config();
    for (node_id id = 1; id <= max_node_id(); ++id) {
        if (!config.is_member(id)) continue;
        const sim_node& n = node(id);
        if (!n.up() || n.raft().term() != leader.term() || n.raft().leader_id() != leader_id ||
            n.applied_index() != leader.commit_index()) {
            why = fmt::format("node {} ({}) term {} leader {} applied {}; leader {} term {} "
                              "commit {}",
                              id, n.up() ? "up" : "down", n.up() ? n.raft().term() : -1,
                              n.up() ? n.raft().leader_id() : -1, n.applied_index(), leader_id,
                              leader.term(), leader.commit_index());
            return false;
        }
    }
    return true;
}

}  // namespace sb::raft::sim

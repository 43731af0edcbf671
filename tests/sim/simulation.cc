#include "sim/simulation.h"

#include <cassert>
#include <vector>

#include <fmt/format.h>

#include "sim/cluster.h"
#include "sim/state_hash.h"

namespace sb::raft::sim {

namespace {

// How one seed's run behaves; drawn from the seed so that runs differ in kind, not only
// in detail (some seeds never drop a message, some compact the log every few entries).
struct run_shape {
    std::vector<uint32_t> tick_permille;  // by node id - 1: uneven clocks
    std::vector<uint32_t> sync_permille;  // by node id - 1: uneven disks
    uint32_t fault_permille = 0;          // chance of a fault event per step
    uint32_t propose_permille = 0;
    uint32_t read_permille = 0;
    bool membership_changes = false;
    network_faults faults;
};

template <class T>
T pick(sim_random& random, std::initializer_list<T> choices) {
    return *(choices.begin() + random.below(choices.size()));
}

options draw_node_options(sim_random& random, const injected_bugs& bugs) {
    options o;
    o.election_timeout_ticks = 10;
    o.heartbeat_interval_ticks = static_cast<int32_t>(random.between(2, 3));
    const uint32_t safety_variant = static_cast<uint32_t>(random.below(8));
    o.pre_vote = safety_variant != 0 && safety_variant != 1;
    o.check_quorum = safety_variant != 0 && safety_variant != 2;
    o.max_append_request_bytes = pick<std::size_t>(random, {64, 256, 1 << 20});
    o.max_inflight_append_bytes = o.max_append_request_bytes * pick<std::size_t>(random, {1, 4});
    o.max_inflight_append_requests = pick<std::size_t>(random, {1, 4, 64});
    o.max_uncommitted_entries = 64;
    o.max_apply_bytes_per_ready = pick<std::size_t>(random, {64, 1 << 20});
    o.snapshot_interval_entries = pick<log_index>(random, {0, 5, 20, 50});
    o.snapshot_retry_heartbeats = 5;
    o.bugs = bugs;
    return o;
}

run_shape draw_shape(sim_random& random, int32_t nodes, const options& o) {
    run_shape s;
    for (int32_t i = 0; i < nodes; ++i) {
        s.tick_permille.push_back(static_cast<uint32_t>(random.between(400, 1000)));
        s.sync_permille.push_back(static_cast<uint32_t>(random.between(200, 1000)));
    }
    s.fault_permille = pick<uint32_t>(random, {10, 25, 50});
    s.propose_permille = pick<uint32_t>(random, {100, 300});
    s.read_permille = pick<uint32_t>(random, {0, 50});
    // Without pre-vote and check-quorum a removed server disrupts the group forever
    // (dissertation 4.2.3), so such runs keep their membership.
    s.membership_changes = (o.pre_vote || o.check_quorum) && random.chance(700);
    s.faults.drop_permille = pick<uint32_t>(random, {0, 20, 100});
    s.faults.duplicate_permille = pick<uint32_t>(random, {0, 20, 100});
    s.faults.max_delay_steps = pick<int64_t>(random, {1, 3, 6});
    s.faults.long_delay_permille = pick<uint32_t>(random, {0, 20});
    s.faults.long_delay_steps = 30;
    return s;
}

class simulation {
public:
    explicit simulation(const sim_config& config)
        : config_(config),
          random_(config.seed * 0x9e3779b97f4a7c15ULL + 1),
          log_(config.verbose),
          node_options_(draw_node_options(random_, config.bugs)),
          cluster_(cluster_config{config.voters, 2, node_options_}, random_, log_),
          shape_(draw_shape(random_, cluster_.max_node_id(), node_options_)) {
        cluster_.net().faults = shape_.faults;
        log_.line("seed {}: {} voters, pre_vote={} check_quorum={} snapshot_interval={} "
                  "append_bytes={} inflight={}x{}B drop={}‰ dup={}‰ delay<={}",
                  config.seed, config.voters, node_options_.pre_vote, node_options_.check_quorum,
                  node_options_.snapshot_interval_entries, node_options_.max_append_request_bytes,
                  node_options_.max_inflight_append_requests,
                  node_options_.max_inflight_append_bytes, shape_.faults.drop_permille,
                  shape_.faults.duplicate_permille, shape_.faults.max_delay_steps);
    }

    sim_result run();

private:
    void step(bool faults_on);
    void inject_fault();
    void change_membership(node_id leader);
    void propose(node_id leader);
    node_id random_node() {
        return static_cast<node_id>(random_.between(1, cluster_.max_node_id()));
    }
    std::vector<node_id> leaders() const;

    sim_config config_;
    sim_random random_;
    trace log_;
    options node_options_;
    cluster cluster_;
    run_shape shape_;
    sim_stats stats_;
    uint64_t next_payload_id_ = 1;
    uint64_t next_read_id_ = 1;
    term_id last_leader_term_seen_ = 0;
};

std::vector<node_id> simulation::leaders() const {
    std::vector<node_id> out;
    for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
        const sim_node& n = cluster_.node(id);
        if (n.up() && n.raft().current_role() == role::leader) out.push_back(id);
    }
    return out;
}

void simulation::propose(node_id leader) {
    std::vector<payload> batches;
    const auto count = static_cast<int>(random_.between(1, 3));
    for (int i = 0; i < count; ++i) batches.push_back(encode_state(next_payload_id_++));
    if (cluster_.node(leader).propose(std::move(batches))) stats_.proposals_accepted += count;
}

void simulation::change_membership(node_id leader) {
    const configuration& config = cluster_.node(leader).raft().config();
    const node_id target = random_node();
    config_change change{change_kind::add_learner, target};
    if (config.is_learner(target)) {
        change.kind = random_.chance(700) ? change_kind::promote_learner
                                          : change_kind::remove_member;
    } else if (config.is_voter(target)) {
        // Keep enough voters that the group stays interesting.
        if (config.voters.size() <= 2) return;
        change.kind = change_kind::remove_member;
    } else if (random_.chance(200)) {
        change.kind = change_kind::add_voter;
    }
    result<log_index> r = cluster_.node(leader).raft().propose_config_change(change);
    cluster_.node(leader).process_ready();
    if (r) {
        stats_.config_changes += 1;
        log_.line("node {} proposes config change {} of node {} at index {}", leader,
                  static_cast<int>(change.kind), target, *r);
    }
}

void simulation::inject_fault() {
    const node_id target = random_node();
    const std::vector<node_id> current_leaders = leaders();
    const node_id leader = current_leaders.empty()
                               ? k_no_node
                               : current_leaders[random_.below(current_leaders.size())];
    switch (random_.below(10)) {
        case 0:
        case 1:
            if (cluster_.node(target).up()) {
                stats_.crashes += 1;
                cluster_.crash(target);
            }
            break;
        case 2: cluster_.restart(target); break;
        case 3: {
            std::vector<node_id> side;
            for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
                if (random_.chance(400)) side.push_back(id);
            }
            log_.line("partition: {{{}}} from the rest", fmt::join(side, ","));
            stats_.partitions += 1;
            cluster_.partition(side);
            break;
        }
        case 4: {
            // Asymmetric: the target hears the others but is not heard, or the reverse.
            const bool deaf = random_.chance(500);
            stats_.partitions += 1;
            for (node_id other = 1; other <= cluster_.max_node_id(); ++other) {
                if (other == target || !random_.chance(700)) continue;
                deaf ? cluster_.cut_link(other, target) : cluster_.cut_link(target, other);
            }
            break;
        }
        case 5:
            log_.line("links restored");
            cluster_.net().heal_links();
            break;
        case 6:
            if (leader != k_no_node && shape_.membership_changes) change_membership(leader);
            break;
        case 7:
            if (leader != k_no_node) {
                const std::vector<node_id>& voters = cluster_.node(leader).raft().config().voters;
                const node_id to = voters[random_.below(voters.size())];
                if (cluster_.node(leader).raft().transfer_leadership(to)) {
                    stats_.transfers += 1;
                    log_.line("node {} transfers leadership to {}", leader, to);
                }
                cluster_.node(leader).process_ready();
            }
            break;
        case 8:
            if (leader != k_no_node) {
                log_.line("isolate leader {}", leader);
                stats_.partitions += 1;
                cluster_.partition({leader});
            }
            break;
        case 9:
            // A power cut: every node with writes not yet synced loses them at once.
            log_.line("power cut");
            for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
                if (cluster_.node(id).up() && cluster_.node(id).pending_persists() > 0) {
                    stats_.crashes += 1;
                    cluster_.crash(id);
                }
            }
            break;
        default: assert(false);
    }
}

void simulation::step(bool faults_on) {
    if (faults_on) {
        if (random_.chance(shape_.fault_permille)) inject_fault();
        const std::vector<node_id> current_leaders = leaders();
        if (!current_leaders.empty()) {
            const node_id leader = current_leaders[random_.below(current_leaders.size())];
            if (random_.chance(shape_.propose_permille)) propose(leader);
            if (random_.chance(shape_.read_permille) &&
                cluster_.node(leader).read(next_read_id_++)) {
                stats_.reads += 1;
            }
        }
    }
    for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
        if (random_.chance(shape_.tick_permille[static_cast<std::size_t>(id - 1)])) {
            cluster_.tick(id);
        }
    }
    cluster_.deliver_due();
    for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
        if (random_.chance(shape_.sync_permille[static_cast<std::size_t>(id - 1)])) {
            cluster_.sync(id);
        }
    }
    const node_id leader = cluster_.newest_leader();
    if (leader != k_no_node && cluster_.node(leader).raft().term() > last_leader_term_seen_) {
        last_leader_term_seen_ = cluster_.node(leader).raft().term();
        stats_.leaders_elected += 1;
    }
}

sim_result simulation::run() {
    sim_result result;
    const int64_t total_steps = config_.fault_steps + config_.heal_bound_steps;
    std::string why;
    int64_t step_index = 0;
    for (; step_index < total_steps; ++step_index) {
        log_.set_step(step_index);
        cluster_.net().set_now(step_index);
        const bool faults_on = step_index < config_.fault_steps;
        if (step_index == config_.fault_steps) {
            cluster_.heal();
            cluster_.net().faults = network_faults{};
        }
        step(faults_on);
        if (cluster_.check().failed()) break;
        if (!faults_on && cluster_.converged(why)) {
            stats_.steps_to_converge = step_index - config_.fault_steps;
            break;
        }
    }
    stats_.steps = step_index;
    stats_.messages = cluster_.net().sent_count();
    stats_.committed_index = cluster_.check().max_committed_index();
    for (node_id id = 1; id <= cluster_.max_node_id(); ++id) {
        const sim_node::counters& c = cluster_.node(id).counts();
        stats_.reads_confirmed += c.reads_confirmed;
        stats_.snapshots_taken += c.snapshots_taken;
        stats_.snapshots_installed += c.snapshots_installed;
    }
    result.stats = stats_;
    if (cluster_.check().failed()) {
        result.ok = false;
        result.violation = cluster_.check().violation();
    } else if (step_index == total_steps) {
        result.ok = false;
        result.violation = fmt::format("liveness: not converged {} steps after healing: {}",
                                       config_.heal_bound_steps, why);
    }
    log_.line("{}", result.ok ? "converged" : result.violation);
    return result;
}

}  // namespace

sim_result run_simulation(const sim_config& config) {
    assert(config.voters >= 1);
    simulation s(config);
    return s.run();
}

}  // namespace sb::raft::sim

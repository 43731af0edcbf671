#pragma once
// simulation: one seeded run of a Raft group through faults, then healing.
//
// A run has two phases. During `fault_steps` steps, a seeded generator drives the cluster:
// uneven ticks, message drop, duplication, delay and reordering, symmetric and asymmetric
// partitions, crashes that lose unsynced writes, restarts, proposals, ReadIndex reads,
// membership changes and leadership transfers. Then every fault is healed and the group
// must converge (cluster::converged) within `heal_bound_steps`. The checker runs after
// every event of both phases. The same config always produces the same run.

#include <cstdint>
#include <string>

#include "raft/options.h"

namespace sb::raft::sim {

struct sim_config {
    uint64_t seed = 1;
    int32_t voters = 3;
    int64_t fault_steps = 300;
    int64_t heal_bound_steps = 1000;
    bool verbose = false;
    injected_bugs bugs;
};

struct sim_stats {
    int64_t steps = 0;
    int64_t leaders_elected = 0;
    int64_t crashes = 0;
    int64_t partitions = 0;
    int64_t proposals_accepted = 0;
    int64_t config_changes = 0;
    int64_t transfers = 0;
    int64_t reads = 0;
    int64_t reads_confirmed = 0;
    int64_t snapshots_taken = 0;
    int64_t snapshots_installed = 0;
    int64_t committed_index = 0;
    int64_t messages = 0;
    int64_t steps_to_converge = 0;
};

struct sim_result {
    bool ok = true;
    std::string violation;
    sim_stats stats;
};

sim_result run_simulation(const sim_config& config);

}  // namespace sb::raft::sim

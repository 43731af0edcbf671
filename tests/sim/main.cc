// raft_sim: runs seeded simulations of a Raft group and checks its invariants.
//
//   raft_sim --seeds N [--first-seed S] [--nodes 3|5] [--steps K] [--verbose]
//            [--inject-bug vote-twice|stale-votes|early-ack|commit-old-terms]
//
// Without --nodes, odd seeds run 5 voters and even seeds 3. Each failing seed prints one
// line with the command that replays it; the exit status is 1 if any seed failed.
// --inject-bug breaks one rule of Raft on purpose, to watch the checkers catch it.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/simulation.h"

namespace {

struct cli {
    uint64_t seeds = 1;
    uint64_t first_seed = 1;
    int32_t nodes = 0;  // 0: alternate by seed
    int64_t steps = sb::raft::sim::sim_config{}.fault_steps;
    bool verbose = false;
    std::string bug;  // --inject-bug, as given
    sb::raft::injected_bugs bugs;
};

bool parse_bug(const std::string& name, sb::raft::injected_bugs& bugs) {
    if (name == "vote-twice") {
        bugs.vote_twice_in_a_term = true;
    } else if (name == "stale-votes") {
        bugs.vote_for_stale_logs = true;
    } else if (name == "early-ack") {
        bugs.acknowledge_before_persisting = true;
    } else if (name == "commit-old-terms") {
        bugs.commit_entries_of_earlier_terms = true;
    } else {
        return false;
    }
    return true;
}

int usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s --seeds N [--first-seed S] [--nodes 3|5] [--steps K] [--verbose]\n"
                 "       [--inject-bug vote-twice|stale-votes|early-ack|commit-old-terms]\n",
                 program);
    return 2;
}

bool parse(int argc, char** argv, cli& out) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--verbose") {
            out.verbose = true;
        } else if (arg == "--seeds" && has_value) {
            out.seeds = std::strtoull(argv[++i], nullptr, 10);
        } else if (arg == "--first-seed" && has_value) {
            out.first_seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (arg == "--nodes" && has_value) {
            out.nodes = static_cast<int32_t>(std::strtol(argv[++i], nullptr, 10));
        } else if (arg == "--steps" && has_value) {
            out.steps = std::strtoll(argv[++i], nullptr, 10);
        } else if (arg == "--inject-bug" && has_value) {
            out.bug = argv[++i];
            if (!parse_bug(out.bug, out.bugs)) return false;
        } else {
            return false;
        }
    }
    return out.seeds > 0 && (out.nodes == 0 || out.nodes == 3 || out.nodes == 5) && out.steps > 0;
}

}  // namespace

int main(int argc, char** argv) {
    cli args;
    if (!parse(argc, argv, args)) return usage(argv[0]);
    const auto started = std::chrono::steady_clock::now();
    uint64_t failures = 0;
    sb::raft::sim::sim_stats totals;
    for (uint64_t seed = args.first_seed; seed < args.first_seed + args.seeds; ++seed) {
        sb::raft::sim::sim_config config;
        config.seed = seed;
        config.voters = args.nodes != 0 ? args.nodes : (seed % 2 == 1 ? 5 : 3);
        config.fault_steps = args.steps;
        config.verbose = args.verbose;
        config.bugs = args.bugs;
        const sb::raft::sim::sim_result r = sb::raft::sim::run_simulation(config);
        totals.leaders_elected += r.stats.leaders_elected;
        totals.crashes += r.stats.crashes;
        totals.partitions += r.stats.partitions;
        totals.proposals_accepted += r.stats.proposals_accepted;
        totals.config_changes += r.stats.config_changes;
        totals.transfers += r.stats.transfers;
        totals.reads += r.stats.reads;
        totals.reads_confirmed += r.stats.reads_confirmed;
        totals.snapshots_taken += r.stats.snapshots_taken;
        totals.snapshots_installed += r.stats.snapshots_installed;
        totals.messages += r.stats.messages;
        totals.steps += r.stats.steps;
        if (r.ok) continue;
        failures += 1;
        const std::string bug_flag = args.bug.empty() ? "" : " --inject-bug " + args.bug;
        std::printf("FAILED seed=%llu nodes=%d: %s; reproduce: %s --first-seed %llu --seeds 1 "
                    "--nodes %d --steps %lld%s --verbose\n",
                    static_cast<unsigned long long>(seed), config.voters, r.violation.c_str(),
                    argv[0], static_cast<unsigned long long>(seed), config.voters,
                    static_cast<long long>(config.fault_steps), bug_flag.c_str());
        std::fflush(stdout);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("raft_sim: %llu seeds from %llu, %llu failed, %.1f s (%.0f seeds/s); "
                "%lld steps, %lld messages, %lld leaders, %lld crashes, %lld partitions, "
                "%lld entries proposed, %lld config changes, %lld transfers, %lld reads "
                "(%lld confirmed), %lld snapshots taken, %lld installed\n",
                static_cast<unsigned long long>(args.seeds),
                static_cast<unsigned long long>(args.first_seed),
                static_cast<unsigned long long>(failures), seconds,
                static_cast<double>(args.seeds) / seconds, static_cast<long long>(totals.steps),
                static_cast<long long>(totals.messages),
                static_cast<long long>(totals.leaders_elected),
                static_cast<long long>(totals.crashes), static_cast<long long>(totals.partitions),
                static_cast<long long>(totals.proposals_accepted),
                static_cast<long long>(totals.config_changes),
                static_cast<long long>(totals.transfers), static_cast<long long>(totals.reads),
                static_cast<long long>(totals.reads_confirmed),
                static_cast<long long>(totals.snapshots_taken),
                static_cast<long long>(totals.snapshots_installed));
    return failures == 0 ? 0 : 1;
}

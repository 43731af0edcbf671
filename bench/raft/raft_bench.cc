// raft_bench: what the consensus core itself costs per replicated batch, with an
// in-memory disk that syncs at once and a network that delivers at once — the floor
// under any real binding. Three voters; the leader proposes `batches_per_ready` batches
// of `batch_bytes` each between two readies, which then replicate and commit.

#include <benchmark/benchmark.h>

#include <cassert>
#include <deque>
#include <memory>
#include <vector>

#include "raft/node.h"
#include "sim/memory_storage.h"

namespace {

using namespace sb::raft;

class in_memory_group {
public:
    explicit in_memory_group(int32_t voters) {
        configuration config;
        for (node_id id = 1; id <= voters; ++id) config.voters.push_back(id);
        for (node_id id = 1; id <= voters; ++id) {
            options o;
            o.self = id;
            o.random_seed = static_cast<uint64_t>(id);
            o.snapshot_interval_entries = 4096;
            disks_.push_back(std::make_unique<sim::memory_storage>(config));
            nodes_.push_back(std::make_unique<node>(o, *disks_.back(), hard_state{}, 0));
        }
        nodes_[0]->campaign();
        settle();
        assert(nodes_[0]->current_role() == role::leader);
    }

    node& leader() { return *nodes_[0]; }

    // Carries out every ready and delivers every message until all is quiet.
    void settle() {
        bool busy = true;
        while (busy) {
            busy = false;
            for (std::size_t i = 0; i < nodes_.size(); ++i) {
                while (nodes_[i]->has_ready()) {
                    busy = true;
                    run_ready(i, nodes_[i]->take_ready());
                }
            }
            while (!wire_.empty()) {
                busy = true;
                message m = std::move(wire_.front());
                wire_.pop_front();
                nodes_[static_cast<std::size_t>(m.to - 1)]->step(std::move(m));
            }
        }
    }

private:
    void run_ready(std::size_t i, ready r) {
        sim::memory_storage& disk = *disks_[i];
        for (message& m : r.messages_now) wire_.push_back(std::move(m));
        disk.apply(sim::persist_op{r.hard_state_to_persist, r.snapshot_to_install,
                                   r.entries_to_persist});
        for (message& m : r.messages_after_persist) wire_.push_back(std::move(m));
        if (r.snapshot_to_install) {
            nodes_[i]->on_snapshot_installed(r.snapshot_to_install->meta.last_index);
        }
        if (!r.entries_to_persist.empty()) {
            nodes_[i]->on_persisted(r.entries_to_persist.back().index,
                                    r.entries_to_persist.back().term);
        }
        if (r.snapshot_to_take) disk.compact(*r.snapshot_to_take, payload{});
    }

    std::vector<std::unique_ptr<sim::memory_storage>> disks_;
    std::vector<std::unique_ptr<node>> nodes_;
    std::deque<message> wire_;
};

void BM_replicate_and_commit(benchmark::State& state) {
    const auto batch_bytes = static_cast<std::size_t>(state.range(0));
    const auto batches_per_ready = static_cast<int>(state.range(1));
    in_memory_group group(3);
    const sb::iobuf batch = sb::iobuf::copy_of(std::string(batch_bytes, 'x'));
    for (auto _ : state) {
        std::vector<payload> batches;
        for (int i = 0; i < batches_per_ready; ++i) {
            batches.emplace_back(batch.share(0, batch.size_bytes()));
        }
        sb::result<log_index> last = group.leader().propose(std::move(batches));
        group.settle();
        if (!last || group.leader().commit_index() != *last) state.SkipWithError("not committed");
    }
    state.SetItemsProcessed(state.iterations() * batches_per_ready);
    state.SetBytesProcessed(state.iterations() * batches_per_ready *
                            static_cast<int64_t>(batch_bytes));
}
BENCHMARK(BM_replicate_and_commit)->Args({1024, 1})->Args({16 * 1024, 1})->Args({16 * 1024, 16});

}  // namespace
BENCHMARK_MAIN();

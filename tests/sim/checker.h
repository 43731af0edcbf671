#pragma once
// checker: the safety properties of Raft (Figure 3 of the paper), asserted incrementally
// as the simulated replicas act, so that every event is checked at constant cost.
//
//   election safety      at most one leader per term
//   log matching         two logs holding an entry with the same index and term hold the
//                        same entries up to it (compared by hash chain, see state_hash.h)
//   leader completeness  a leader of term T holds every entry reported committed in a term
//                        before T
//   state machine safety no two replicas apply different entries at one index
//   read linearizability a ReadIndex result is at least every index committed before the
//                        read was asked
//
// The first violation is kept; the simulation stops there and prints it.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "raft/entry.h"
#include "raft/types.h"

namespace sb::raft::sim {

class checker {
public:
    explicit checker(node_id max_node_id);

    bool failed() const { return !violation_.empty(); }
    const std::string& violation() const { return violation_; }

    // ---- what a replica's log holds (as the replica itself sees it, written or durable)
    // The replica wrote `entries`, replacing anything from entries.front().index on.
    void on_entries_written(node_id node, const std::vector<entry>& entries);
    // The replica's log now starts after a snapshot at `index` whose state is `chain`.
    void on_log_reset(node_id node, log_index index, term_id term, uint64_t chain);

    // ---- what a replica did
    void on_leader(node_id node, term_id term);
    // The replica applied index `index` (or installed a snapshot ending there) reaching
    // state `chain`, while in term `observer_term`.
    void on_applied(node_id node, log_index index, uint64_t chain, term_id observer_term);
    // A read was asked of a leader: its answer must be at least this index.
    log_index read_floor() const { return max_committed_index_; }
    void on_read_result(node_id node, log_index read_index, log_index floor);

    // ---- what the simulation concludes
    void fail(const std::string& what);
    log_index max_committed_index() const { return max_committed_index_; }
    // The log chain a replica holds at `index`, if it holds that index.
    bool chain_at(node_id node, log_index index, uint64_t& chain) const;

private:
    struct replica_log {
        log_index base_index = 0;    // a snapshot ends here (0: the empty log)
        uint64_t base_chain = 0;
        std::vector<std::pair<term_id, uint64_t>> entries;  // (term, chain) after base
        log_index last_index() const {
            return base_index + static_cast<log_index>(entries.size());
        }
    };
    void check_log_matching(node_id node, log_index index, term_id term, uint64_t chain);
    void check_leader_completeness(node_id node, term_id term);
    replica_log& log_of(node_id node);

    std::string violation_;
    std::vector<replica_log> logs_;                  // by node id
    std::map<term_id, node_id> leaders_;             // election safety
    std::unordered_map<uint64_t, uint64_t> chains_;  // key(index, term) -> chain
    std::vector<uint64_t> applied_chain_;            // by index; 0 = nothing applied yet
    std::vector<bool> applied_known_;
    // Highest index seen applied (committed) by replicas in each term: an entry committed
    // as seen in term t was committed in a term <= t.
    std::map<term_id, log_index> committed_by_term_;
    log_index max_committed_index_ = 0;
};

}  // namespace sb::raft::sim

#pragma once
// The simulated state machine: its state after applying entries 1..i is a hash chain over
// their (term, payload). Two replicas that applied the same entries in the same order have
// the same state, and the chain at index i also identifies the whole log prefix up to i,
// which is what lets the checkers compare logs and states in constant time per entry.

#include <cstdint>

#include "raft/entry.h"

namespace sb::raft::sim {

uint64_t payload_hash(const payload& data);
uint64_t chain_next(uint64_t previous, term_id term, uint64_t data_hash);
inline uint64_t chain_next(uint64_t previous, const entry& e) {
    return chain_next(previous, e.term, payload_hash(e.data));
}

// The snapshot payload of the simulated state machine is just its chain value.
payload encode_state(uint64_t chain);
uint64_t decode_state(const payload& data);

}  // namespace sb::raft::sim

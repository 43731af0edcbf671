#pragma once
// entry: one position of the Raft log.
//
// The core never looks inside a data entry's payload: in the data path it is one Kafka
// record batch, whose partitionLeaderEpoch carries `term` (docs/raft.md explains how the
// index maps to Kafka offsets). Configuration entries carry an encoded raft::configuration
// (configuration.h); barrier entries are the empty entry a new leader appends so that it
// can commit something of its own term (Raft section 5.4.2, "no-op" in section 8).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "raft/payload.h"
#include "raft/types.h"

namespace sb::raft {

enum class entry_kind : uint8_t { data, configuration, barrier };

struct entry {
    log_index index = 0;
    term_id term = 0;
    entry_kind kind = entry_kind::data;
    payload data;
};

// What an entry costs in a flow-control window and in an append request: its payload plus
// a fixed allowance for the framing around it, so that empty entries are not free.
inline constexpr std::size_t k_entry_overhead_bytes = 32;

inline std::size_t entry_size_bytes(const entry& e) {
    return e.data.size_bytes() + k_entry_overhead_bytes;
}

constexpr std::string_view entry_kind_name(entry_kind k) {
    switch (k) {
        case entry_kind::data: return "data";
        case entry_kind::configuration: return "configuration";
        case entry_kind::barrier: return "barrier";
    }
    return "unknown";
}

}  // namespace sb::raft

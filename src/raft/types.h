#pragma once
// The identifiers the Raft core speaks in, and the state a node must keep on disk.

#include <cstdint>
#include <string_view>

namespace sb::raft {

// A replica's broker id. Kafka broker ids are non-negative int32.
using node_id = int32_t;
inline constexpr node_id k_no_node = -1;

// A Raft term. In the data path it rides in a record batch's partitionLeaderEpoch (int32);
// the binding layer refuses a term past INT32_MAX, while the core keeps int64 so that
// "term + 1" can never overflow.
using term_id = int64_t;

// Position of an entry in the Raft log, counted from 1; 0 means "before the first entry".
using log_index = int64_t;

// What must survive a crash before the node may answer a vote or acknowledge entries
// (Raft Figure 2, "persistent state on all servers"). The commit index is kept too so
// that a restarted node can re-apply committed entries without waiting for a leader.
struct hard_state {
    term_id term = 0;
    node_id voted_for = k_no_node;
    log_index commit_index = 0;

    bool operator==(const hard_state&) const = default;
};

enum class role : uint8_t { follower, pre_candidate, candidate, leader };

constexpr std::string_view role_name(role r) {
    switch (r) {
        case role::follower: return "follower";
        case role::pre_candidate: return "pre_candidate";
        case role::candidate: return "candidate";
        case role::leader: return "leader";
    }
    return "unknown";
}

}  // namespace sb::raft

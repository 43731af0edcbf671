#pragma once
// configuration: who votes and who only follows.
//
// Membership changes one server at a time (Ongaro's dissertation, section 4.1): every
// change adds or removes at most one voter, so the majorities of the old and the new
// configuration always overlap and no joint phase is needed. Learners receive the log
// but neither vote nor count toward the commit quorum; a new replica joins as a learner,
// catches up, then is promoted, so that adding it never stalls commits.
//
// A configuration takes effect on every node as soon as its entry is in that node's log,
// committed or not (dissertation, section 4.1); configuration_history.h remembers older
// ones so that truncating an uncommitted configuration entry restores the previous one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/iobuf.h"
#include "base/result.h"
#include "raft/types.h"

namespace sb::raft {

// Upper bound on voters plus learners, so the encoded form and every per-member table
// have a known size.
inline constexpr std::size_t k_max_configuration_members = 64;

struct configuration {
    std::vector<node_id> voters;    // sorted, unique
    std::vector<node_id> learners;  // sorted, unique, disjoint from voters

    bool is_voter(node_id id) const;
    bool is_learner(node_id id) const;
    bool is_member(node_id id) const { return is_voter(id) || is_learner(id); }
    // How many voters make a majority; 0 voters need 1 (nothing can ever commit).
    std::size_t quorum() const { return voters.size() / 2 + 1; }
    std::string describe() const;  // "voters={1,2,3} learners={4}"

    bool operator==(const configuration&) const = default;
};

enum class change_kind : uint8_t { add_learner, add_voter, promote_learner, remove_member };

struct config_change {
    change_kind kind = change_kind::add_learner;
    node_id node = k_no_node;
};

// The configuration after `change`, or invalid_request when the change makes no sense
// for `current` (adding a member twice, promoting a non-learner, removing a stranger or
// the last voter, exceeding k_max_configuration_members).
result<configuration> apply_change(const configuration& current, const config_change& change);

// The payload of a configuration entry and of snapshot metadata:
//   u8 version (1), u8 voter count, u8 learner count, then each id as big-endian int32.
sb::iobuf encode_configuration(const configuration& config);
// corrupt_message for anything that encode_configuration cannot have produced.
result<configuration> decode_configuration(const sb::iobuf& bytes);

}  // namespace sb::raft

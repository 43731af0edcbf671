#pragma once
// The messages Raft nodes exchange. Plain values: the binding layer serializes them (and
// adds the Raft group id), the simulator passes them around as they are.
//
// Every message carries the sender's term in its envelope, with two exceptions made by
// pre-vote (dissertation section 9.6): a pre-vote request carries the term the sender
// *would* campaign in (its term + 1) without having moved to it, and a granted pre-vote
// response echoes that term.
//
// Heartbeats are separate from append requests on purpose: they have a fixed small size
// and no payload, so a per-node-pair manager in the binding layer can batch the
// heartbeats of every group between two brokers into one RPC (docs/raft.md).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "raft/entry.h"
#include "raft/log_view.h"
#include "raft/types.h"

namespace sb::raft {

// RequestVote, or its pre-vote rehearsal (which changes no state on the receiver).
struct vote_request {
    log_index last_log_index = 0;
    term_id last_log_term = 0;
    bool pre_vote = false;
    // Set by a candidate that campaigns because the leader asked it to (timeout_now): it
    // may disrupt a live leader, so receivers skip their leader-lease check.
    bool leadership_transfer = false;
};

struct vote_response {
    bool pre_vote = false;
    bool granted = false;
};

// AppendEntries. An empty `entries` is a probe: it checks (prev_log_index, prev_log_term).
struct append_request {
    log_index prev_log_index = 0;
    term_id prev_log_term = 0;
    log_index leader_commit = 0;
    std::vector<entry> entries;
};

// Answer to an append request (and to a snapshot request).
struct append_response {
    bool success = false;
    // On success: the follower's log matches the leader's up to here (its match index).
    // On rejection: the prev_log_index of the rejected request, so stale rejections can
    // be told apart from current ones.
    log_index index = 0;
    // On rejection, where the leader should look next (Raft section 5.3, the fast
    // back-off): the follower's entry at reject_hint_index has term reject_hint_term and
    // every entry of the follower between it and the rejected index has a larger term
    // (or does not exist).
    log_index reject_hint_index = 0;
    term_id reject_hint_term = 0;
};

// Keeps followers from campaigning, tells them the commit index, and confirms leadership
// for ReadIndex: `read_sequence` is echoed back, and a quorum of echoes of sequence s
// proves that the leader was still leader after every read registered up to s.
struct heartbeat_request {
    // min(leader's commit, follower's match index): never more than the follower is known
    // to hold in the leader's version of the log.
    log_index commit_index = 0;
    uint64_t read_sequence = 0;
};

struct heartbeat_response {
    uint64_t read_sequence = 0;
};

// InstallSnapshot, sent when a follower needs entries the leader has already compacted
// away (prefix truncation of the partition log). The payload is the state machine's
// snapshot; for a data partition it is empty and the follower simply restarts its log
// after meta.last_index.
struct snapshot_request {
    snapshot_meta meta;
    payload data;
};

// Tells a caught-up follower to campaign now (leadership transfer, dissertation 3.10).
struct timeout_now {};

using message_body = std::variant<vote_request, vote_response, append_request, append_response,
                                  heartbeat_request, heartbeat_response, snapshot_request,
                                  timeout_now>;

struct message {
    node_id from = k_no_node;
    node_id to = k_no_node;
    term_id term = 0;
    message_body body;
};

// One line for logs and the simulator's --verbose trace.
std::string describe(const message& m);

}  // namespace sb::raft

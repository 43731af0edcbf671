#include "raft/messages.h"

#include <fmt/format.h>

namespace sb::raft {

namespace {

struct body_describer {
    std::string operator()(const vote_request& b) const {
        return fmt::format("{} last={}/{}{}", b.pre_vote ? "pre_vote_request" : "vote_request",
                           b.last_log_index, b.last_log_term,
                           b.leadership_transfer ? " transfer" : "");
    }
    std::string operator()(const vote_response& b) const {
        return fmt::format("{} {}", b.pre_vote ? "pre_vote_response" : "vote_response",
                           b.granted ? "granted" : "rejected");
    }
    std::string operator()(const append_request& b) const {
        return fmt::format("append_request prev={}/{} commit={} entries={}", b.prev_log_index,
                           b.prev_log_term, b.leader_commit, b.entries.size());
    }
    std::string operator()(const append_response& b) const {
        if (b.success) return fmt::format("append_response ok index={}", b.index);
        return fmt::format("append_response rejected index={} hint={}/{}", b.index,
                           b.reject_hint_index, b.reject_hint_term);
    }
    std::string operator()(const heartbeat_request& b) const {
        return fmt::format("heartbeat_request commit={} read_seq={}", b.commit_index,
                           b.read_sequence);
    }
    std::string operator()(const heartbeat_response& b) const {
        return fmt::format("heartbeat_response read_seq={}", b.read_sequence);
    }
    std::string operator()(const snapshot_request& b) const {
        return fmt::format("snapshot_request last={}/{} {}", b.meta.last_index, b.meta.last_term,
                           b.meta.config.describe());
    }
    std::string operator()(const timeout_now&) const { return "timeout_now"; }
};

}  // namespace

std::string describe(const message& m) {
    return fmt::format("{}->{} term={} {}", m.from, m.to, m.term,
                       std::visit(body_describer{}, m.body));
}

}  // namespace sb::raft

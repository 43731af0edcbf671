#include "sim/checker.h"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

#include "sim/state_hash.h"

namespace sb::raft::sim {

namespace {

// Exact while terms stay below 2^24, which a simulated run never approaches.
uint64_t index_term_key(log_index index, term_id term) {
    assert(term >= 0 && term < (term_id{1} << 24));
    return (static_cast<uint64_t>(index) << 24) | static_cast<uint64_t>(term);
}

}  // namespace

checker::checker(node_id max_node_id) : logs_(static_cast<std::size_t>(max_node_id) + 1) {
    assert(max_node_id > 0);
}

checker::replica_log& checker::log_of(node_id node) {
    assert(node >= 0 && static_cast<std::size_t>(node) < logs_.size());
    return logs_[static_cast<std::size_t>(node)];
}

void checker::fail(const std::string& what) {
    if (violation_.empty()) violation_ = what;
}

bool checker::chain_at(node_id node, log_index index, uint64_t& chain) const {
    const replica_log& log = logs_[static_cast<std::size_t>(node)];
    if (index < log.base_index || index > log.last_index()) return false;
    chain = index == log.base_index
                ? log.base_chain
                : log.entries[static_cast<std::size_t>(index - log.base_index - 1)].second;
    return true;
}

void checker::on_entries_written(node_id node, const std::vector<entry>& entries) {
    assert(!entries.empty());
    replica_log& log = log_of(node);
    const log_index first = entries.front().index;
    if (first <= log.base_index || first > log.last_index() + 1) {
        fail(fmt::format("log shape: node {} wrote from index {} but holds ({}, {}]", node,
                         first, log.base_index, log.last_index()));
        return;
    }
    log.entries.resize(static_cast<std::size_t>(first - log.base_index - 1));
    uint64_t chain = 0;
    chain_at(node, first - 1, chain);
    for (const entry& e : entries) {
        chain = chain_next(chain, e);
        log.entries.emplace_back(e.term, chain);
        check_log_matching(node, e.index, e.term, chain);
    }
}

void checker::on_log_reset(node_id node, log_index index, term_id term, uint64_t chain) {
    replica_log& log = log_of(node);
    log.base_index = index;
    log.base_chain = chain;
    log.entries.clear();
    if (index > 0) check_log_matching(node, index, term, chain);
}

void checker::check_log_matching(node_id node, log_index index, term_id term, uint64_t chain) {
    auto [it, inserted] = chains_.try_emplace(index_term_key(index, term), chain);
    if (!inserted && it->second != chain) {
        fail(fmt::format("log matching: node {} holds an entry at index {} term {} whose log "
                         "prefix differs from another node's",
                         node, index, term));
    }
}

void checker::on_leader(node_id node, term_id term) {
    auto [it, inserted] = leaders_.try_emplace(term, node);
    if (!inserted && it->second != node) {
        fail(fmt::format("election safety: nodes {} and {} are both leaders of term {}",
                         it->second, node, term));
        return;
    }
    if (inserted) check_leader_completeness(node, term);
}

void checker::check_leader_completeness(node_id node, term_id term) {
    log_index must_hold = 0;
    for (const auto& [seen_term, index] : committed_by_term_) {
        if (seen_term >= term) break;
        must_hold = std::max(must_hold, index);
    }
    if (must_hold == 0) return;
    const replica_log& log = log_of(node);
    // A snapshot past must_hold covers it: compare there instead.
    const log_index at = std::max(must_hold, log.base_index);
    uint64_t chain = 0;
    const bool holds = chain_at(node, at, chain);
    const bool known = static_cast<std::size_t>(at) < applied_known_.size() &&
                       applied_known_[static_cast<std::size_t>(at)];
    if (!holds || (known && applied_chain_[static_cast<std::size_t>(at)] != chain)) {
        fail(fmt::format("leader completeness: node {} leads term {} without the entry "
                         "committed at index {}",
                         node, term, must_hold));
    }
}

void checker::on_applied(node_id node, log_index index, uint64_t chain, term_id observer_term) {
    assert(index > 0);
    const auto i = static_cast<std::size_t>(index);
    if (applied_known_.size() <= i) {
        applied_known_.resize(i + 1, false);
        applied_chain_.resize(i + 1, 0);
    }
    if (applied_known_[i] && applied_chain_[i] != chain) {
        fail(fmt::format("state machine safety: node {} applied a different entry at index {} "
                         "than another node",
                         node, index));
        return;
    }
    applied_known_[i] = true;
    applied_chain_[i] = chain;
    log_index& seen = committed_by_term_[observer_term];
    seen = std::max(seen, index);
    max_committed_index_ = std::max(max_committed_index_, index);
}

void checker::on_read_result(node_id node, log_index read_index, log_index floor) {
    if (read_index < floor) {
        fail(fmt::format("read linearizability: node {} answered a read at index {} but index "
                         "{} was committed before the read was asked",
                         node, read_index, floor));
    }
}

}  // namespace sb::raft::sim

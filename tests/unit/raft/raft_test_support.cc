#include "raft_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sb::raft::testing {

options paper_options(node_id self) {
    options o;
    o.self = self;
    o.random_seed = 42 + static_cast<uint64_t>(self);
    o.election_timeout_ticks = 10;
    o.heartbeat_interval_ticks = 1;
    o.pre_vote = false;
    o.check_quorum = false;
    return o;
}

void enable_pre_vote_and_check_quorum(options& o) {
    o.pre_vote = true;
    o.check_quorum = true;
}

configuration voters(std::initializer_list<node_id> ids) {
    configuration c;
    c.voters.assign(ids.begin(), ids.end());
    return c;
}

payload bytes(std::string_view text) { return payload{sb::iobuf::copy_of(text)}; }

entry data_entry(log_index index, term_id term, std::string_view text) {
    return entry{index, term, entry_kind::data, bytes(text)};
}

single_node::single_node(options opts, configuration config, hard_state state,
                         std::vector<entry> log)
    : opts_(opts), storage_(std::move(config)) {
    storage_.apply(sim::persist_op{state, std::nullopt, std::move(log)});
    raft_ = std::make_unique<raft::node>(opts_, storage_, storage_.state(),
                                         storage_.snapshot_index());
}

ready single_node::take() { return raft_->take_ready(); }

void single_node::persist(const ready& r) {
    storage_.apply(sim::persist_op{r.hard_state_to_persist, r.snapshot_to_install,
                                   r.entries_to_persist});
    if (r.snapshot_to_install) raft_->on_snapshot_installed(r.snapshot_to_install->meta.last_index);
    if (!r.entries_to_persist.empty()) {
        raft_->on_persisted(r.entries_to_persist.back().index, r.entries_to_persist.back().term);
    }
}

std::vector<message> single_node::drain() {
    std::vector<message> out;
    while (raft_->has_ready()) {
        ready r = take();
        persist(r);
        for (message& m : r.messages_now) out.push_back(std::move(m));
        for (message& m : r.messages_after_persist) out.push_back(std::move(m));
    }
    return out;
}

void single_node::step(node_id from, term_id term, message_body body) {
    raft_->step(message{from, opts_.self, term, std::move(body)});
}

int single_node::tick_until_role_changes(int max_ticks) {
    const role before = raft_->current_role();
    for (int i = 1; i <= max_ticks; ++i) {
        raft_->tick();
        if (raft_->current_role() != before) return i;
    }
    return max_ticks + 1;
}

std::vector<message> make_leader(single_node& n, std::initializer_list<node_id> granting) {
    n.raft().campaign();
    n.drain();
    for (node_id id : granting) n.step(id, n.raft().term(), vote_response{false, true});
    EXPECT_EQ(n.raft().current_role(), role::leader);
    return n.drain();
}

void acknowledge_barrier(single_node& n, std::initializer_list<node_id> acking) {
    const log_index barrier = n.raft().last_index();
    for (node_id id : acking) n.step(id, n.raft().term(), append_response{true, barrier, 0, 0});
    n.drain();
}

test_group::test_group(int32_t voter_count, std::function<void(options&)> adjust,
                       int32_t spare_count)
    : check_(voter_count + spare_count) {
    std::vector<node_id> ids;
    for (node_id id = 1; id <= voter_count; ++id) ids.push_back(id);
    for (node_id id = 1; id <= voter_count + spare_count; ++id) {
        options o = paper_options(id);
        if (adjust) adjust(o);
        configuration initial;
        if (id <= voter_count) initial.voters = ids;
        nodes_.push_back(std::make_unique<sim::sim_node>(o, initial, check_, *this, trace_));
    }
}

void test_group::send(message m) { queue_.push_back(std::move(m)); }

bool test_group::link_up(node_id from, node_id to) const {
    return std::find(cut_links_.begin(), cut_links_.end(), std::make_pair(from, to)) ==
           cut_links_.end();
}

void test_group::settle() {
    settle_until([] { return false; });
    EXPECT_TRUE(queue_.empty()) << "the group did not settle";
}

void test_group::settle_until(const std::function<bool()>& done) {
    constexpr int k_max_deliveries = 100000;
    for (int round = 0; round < k_max_deliveries && !queue_.empty() && !done(); ++round) {
        message m = std::move(queue_.front());
        queue_.erase(queue_.begin());
        if (!link_up(m.from, m.to) || !node(m.to).up() || (drop_ && drop_(m))) continue;
        node(m.to).deliver(std::move(m));
        for (auto& n : nodes_) n->sync();
    }
}

void test_group::cut(node_id a, node_id b) {
    cut_links_.emplace_back(a, b);
    cut_links_.emplace_back(b, a);
}

void test_group::isolate(node_id id) {
    for (node_id other = 1; other <= size(); ++other) {
        if (other != id) cut(id, other);
    }
}

void test_group::heal() { cut_links_.clear(); }

void test_group::elect(node_id id) {
    raft(id).campaign();
    node(id).process_ready();
    for (auto& n : nodes_) n->sync();
    settle();
    EXPECT_EQ(raft(id).current_role(), role::leader);
}

void test_group::sync_all() {
    for (auto& n : nodes_) n->sync();
}

bool test_group::campaign_until_leader(node_id id, int attempts) {
    for (int i = 0; i < attempts; ++i) {
        raft(id).campaign();
        node(id).process_ready();
        sync_all();
        settle_until([&] { return raft(id).current_role() == role::leader; });
        if (raft(id).current_role() == role::leader) return true;
        settle();
    }
    return false;
}

void test_group::tick_all(int ticks) {
    for (int t = 0; t < ticks; ++t) {
        for (auto& n : nodes_) {
            if (n->up()) n->tick();
        }
        for (auto& n : nodes_) n->sync();
        settle();
    }
}

log_index test_group::propose(node_id leader, std::string_view text) {
    std::vector<payload> batch;
    batch.push_back(bytes(text));
    result<log_index> r = node(leader).propose(std::move(batch));
    EXPECT_TRUE(r.has_value());
    for (auto& n : nodes_) n->sync();
    settle();
    return r.value_or(0);
}

}  // namespace sb::raft::testing

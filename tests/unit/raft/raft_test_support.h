#pragma once
// Helpers for driving raft::node by hand in unit tests: one node over an in-memory disk
// with messages crafted by the test (single_node), or a small group whose messages are
// delivered in order on request, with links that can be cut (test_group).

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "raft/node.h"
#include "sim/checker.h"
#include "sim/memory_storage.h"
#include "sim/sim_node.h"
#include "sim/trace.h"

namespace sb::raft::testing {

// Paper-style options: no pre-vote, no check-quorum, heartbeat every tick.
options paper_options(node_id self);
// For test_group: turns on pre-vote and check-quorum.
void enable_pre_vote_and_check_quorum(options& o);
configuration voters(std::initializer_list<node_id> ids);
payload bytes(std::string_view text);
entry data_entry(log_index index, term_id term, std::string_view text = "x");

// Messages of one kind from a list.
template <class T>
std::vector<std::pair<message, T>> of_kind(const std::vector<message>& messages) {
    std::vector<std::pair<message, T>> out;
    for (const message& m : messages) {
        if (const T* body = std::get_if<T>(&m.body)) out.emplace_back(m, *body);
    }
    return out;
}

// The one message of kind T in `messages`; the test fails unless there is exactly one.
template <class T>
std::optional<std::pair<message, T>> only(const std::vector<message>& messages) {
    auto all = of_kind<T>(messages);
    EXPECT_EQ(all.size(), 1u) << "messages of the wanted kind";
    if (all.size() != 1) return std::nullopt;
    return all.front();
}

// One node whose durable state the test sets up and whose readies it inspects.
class single_node {
public:
    single_node(options opts, configuration config, hard_state state = {},
                std::vector<entry> log = {});
    // The node holds a reference to storage_.
    single_node(const single_node&) = delete;
    single_node& operator=(const single_node&) = delete;

    raft::node& raft() { return *raft_; }
    sim::memory_storage& storage() { return storage_; }
    // Takes one ready without persisting it.
    ready take();
    // Persists what `r` asks for and reports it back to the node.
    void persist(const ready& r);
    // Takes readies, persisting each, until none is left; returns every message sent.
    std::vector<message> drain();
    void step(node_id from, term_id term, message_body body);
    // Ticks until the node's role changes or `max_ticks` pass; returns the ticks taken.
    int tick_until_role_changes(int max_ticks);

private:
    options opts_;
    sim::memory_storage storage_;
    std::unique_ptr<raft::node> raft_;
};

// Makes the node leader of its next term with the votes of `granting`; returns what it
// sent once leader.
std::vector<message> make_leader(single_node& n, std::initializer_list<node_id> granting);
// Then `acking` acknowledge its barrier (index last_index()), so the barrier commits and
// they are streamed to (replicate mode) rather than probed.
void acknowledge_barrier(single_node& n, std::initializer_list<node_id> acking);

// A group of simulated nodes with an in-order network the test controls.
class test_group : public sim::message_sink {
public:
    test_group(int32_t voter_count, std::function<void(options&)> adjust = {},
               int32_t spare_count = 0);

    sim::sim_node& node(node_id id) { return *nodes_[static_cast<std::size_t>(id - 1)]; }
    raft::node& raft(node_id id) { return node(id).raft(); }
    sim::checker& check() { return check_; }
    int32_t size() const { return static_cast<int32_t>(nodes_.size()); }

    void send(message m) override;
    // Delivers queued messages (and those they cause) until none are left, syncing every
    // disk after each delivery. Messages on a cut link, or to a crashed node, are dropped.
    void settle();
    // The same, but stops as soon as `done` holds (remaining messages stay queued).
    void settle_until(const std::function<bool()>& done);
    // Messages sent and not delivered yet.
    std::vector<message>& queue() { return queue_; }
    void cut(node_id a, node_id b);  // both directions
    // Messages for which `drop` holds are lost (until set to nullptr).
    void drop_if(std::function<bool(const message&)> drop) { drop_ = std::move(drop); }
    void isolate(node_id id);
    void heal();
    // Campaigns `id` and settles; asserts it became leader.
    void elect(node_id id);
    void tick_all(int ticks);
    void sync_all();
    // Campaigns `id` (again after each failed attempt) until it leads; false if it never does.
    bool campaign_until_leader(node_id id, int attempts = 5);
    log_index propose(node_id leader, std::string_view text);

private:
    bool link_up(node_id from, node_id to) const;

    sim::trace trace_{false};
    sim::checker check_;
    std::vector<std::unique_ptr<sim::sim_node>> nodes_;
    std::vector<message> queue_;
    std::vector<std::pair<node_id, node_id>> cut_links_;
    std::function<bool(const message&)> drop_;
};

}  // namespace sb::raft::testing

#pragma once
// topic_table: the topics of the cluster, shared by every shard.
//
// Ownership and lifecycle: the app opens one table at start-up (loading it from its
// topic_store) and hands a std::shared_ptr to every shard's Kafka handler; it lives
// until the last handler is gone.
//
// Concurrency (DESIGN.md: no locks on the hot path, no shared mutable state):
//  - Readers, on any shard, call snapshot() and get an immutable topic_snapshot. The
//    pointer is published through std::atomic<std::shared_ptr>, so a reader never
//    blocks the writer and never sees a half-made change; it keeps its snapshot alive
//    for as long as it holds the pointer.
//  - Writes (create_topic, delete_topic, set_topic_configs, change_partitions) come from
//    one thread only: shard 0, which will become the controller. The first write binds
//    the table to its caller's thread and later writes assert that they come from the
//    same one. The Kafka layer hops to shard 0 before calling them.
//  - A write first persists the new state through the store and only then publishes it,
//    so what a client has seen is always durable. The store's blocking save (fsync) runs
//    on the blocking executor, never on shard 0's event loop; meanwhile later writes
//    wait their turn (first come, first served), so each one builds on the last.
//
// Later, the controller will apply topic changes from its Raft log here; the read side,
// and therefore every handler, stays as it is.

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <thread>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "cluster/topic_config_alteration.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_snapshot.h"
#include "cluster/topic_store.h"
#include "storage/blocking_executor.h"

namespace sb::cluster {

class topic_table : public std::enable_shared_from_this<topic_table> {
public:
    using change_result = sb::result<std::shared_ptr<const topic_metadata>, topic_error>;

    // Loads the topics from `store` (blocking). Fails when the store cannot be read.
    // Saves run on `persist_executor`.
    static sb::result<std::shared_ptr<topic_table>> open(std::unique_ptr<topic_store> store,
                                                         std::unique_ptr<storage::blocking_executor> persist_executor);

    topic_table(const topic_table&) = delete;
    topic_table& operator=(const topic_table&) = delete;

    // Any thread. Never null.
    std::shared_ptr<const topic_snapshot> snapshot() const { return current_.load(std::memory_order_acquire); }

    // Writer thread only. Adds a topic (its id must be fresh and non-zero, its name valid
    // and unused). TOPIC_ALREADY_EXISTS / INVALID_TOPIC_EXCEPTION (collision) when the
    // table changed since the caller checked; KAFKA_STORAGE_ERROR when it cannot be
    // persisted, in which case nothing changes.
    boost::asio::awaitable<change_result> create_topic(topic_metadata topic);

    // Writer thread only. Removes the topic with this id and returns what it was;
    // UNKNOWN_TOPIC_ID when there is none, KAFKA_STORAGE_ERROR when the removal cannot
    // be persisted (nothing changes).
    boost::asio::awaitable<change_result> delete_topic(const protocol::uuid& id);

    // Writer thread only. Replaces the configs set on the topic with this id (already
    // checked: topic_config_alteration.h) and returns the topic as it now is; errors as
    // for delete_topic.
    boost::asio::awaitable<change_result> set_topic_configs(const protocol::uuid& id, topic_configs configs);

    // What change_partitions makes of a topic: the topic with its new partitions (same
    // id, name and configs), or why it cannot have them.
    using topic_change = std::function<sb::result<topic_metadata, topic_error>(const topic_metadata& current)>;

    // Writer thread only. Gives the topic with this id the partitions `change` makes of
    // it, checked against the topic as it is when this write's turn comes, and returns
    // the topic as it now is; `change`'s error, or errors as for delete_topic.
    boost::asio::awaitable<change_result> change_partitions(const protocol::uuid& id, topic_change change);

private:
    // The next snapshot and the topic the change returns, or why there is none.
    using planned_change = sb::result<std::pair<topic_snapshot, std::shared_ptr<const topic_metadata>>, topic_error>;

    topic_table(std::unique_ptr<topic_store> store, std::unique_ptr<storage::blocking_executor> persist_executor,
                std::shared_ptr<const topic_snapshot> initial);
    void assert_writer_thread();
    // One write: waits for its turn, plans the change against the current snapshot,
    // persists it on the blocking executor, then publishes it. `what` names the change
    // in the storage-error message.
    boost::asio::awaitable<change_result> write(std::function<planned_change(const topic_snapshot&)> plan,
                                                std::string what);
    boost::asio::awaitable<void> wait_for_turn();
    void end_turn();

    std::unique_ptr<topic_store> store_;
    std::unique_ptr<storage::blocking_executor> persist_executor_;
    std::atomic<std::shared_ptr<const topic_snapshot>> current_;
    std::atomic<std::thread::id> writer_thread_{};
    // Writer thread only: whether a write is under way, and the writes waiting for it.
    bool writing_ = false;
    std::deque<std::function<void()>> waiting_writes_;
};

}  // namespace sb::cluster

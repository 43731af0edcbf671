#pragma once
// group_driver: runs the group coordinator core (kafka/groups/group_coordinator.h) of one
// __consumer_offsets partition against the real partition log, clock and clients.
//
// What it does for the core (see ready.h):
//  - load(): replays every record of the partition, in log order, before any request;
//    until then the service answers COORDINATOR_LOAD_IN_PROGRESS;
//  - persists each persist_request as one record batch appended to the partition, then
//    waits until it is fsynced (offsets.commit.timeout.ms at most) and reports
//    on_persisted - so an OffsetCommit is answered only once it is durable;
//  - parks requests that wait under a ticket and resumes their coroutine with the
//    answer the core gives for that ticket;
//  - ticks the core on a timer set to next_deadline_ms().
//
// Ownership and threading: one per partition, created, used and destroyed on the
// partition's owner shard only (group_service). Not thread-safe.
//
// Lifecycle: destroying the driver (shutdown, or the topic deleted) resumes every parked
// request with NOT_COORDINATOR, which clients answer by finding the coordinator again.
// A coroutine resumed that way must not touch the driver again.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/result.h"
#include "cluster/partition_id.h"
#include "cluster/partition_manager.h"
#include "kafka/group_settings.h"
#include "kafka/groups/group_coordinator.h"

namespace sb::kafka {

class group_driver {
public:
    group_driver(cluster::partition_manager& partitions, unsigned shard, cluster::partition_id id,
                 const group_settings& settings);
    ~group_driver();
    group_driver(const group_driver&) = delete;
    group_driver& operator=(const group_driver&) = delete;

    const cluster::partition_id& id() const { return id_; }
    bool loaded() const { return loaded_; }

    // Replays the partition's records. KAFKA_STORAGE_ERROR when the log cannot be read;
    // records this version cannot decode are skipped (logged).
    boost::asio::awaitable<sb::status> load();

    // ── requests that wait (loaded drivers only) ──
    boost::asio::awaitable<groups::join_result> join(const groups::join_request& request);
    boost::asio::awaitable<groups::sync_result> sync(const groups::sync_request& request);
    boost::asio::awaitable<groups::offset_commit_result> commit(const groups::offset_commit_request& request);
    boost::asio::awaitable<groups::offset_delete_result> delete_offsets(const groups::offset_delete_request& request);
    boost::asio::awaitable<groups::delete_groups_result> delete_groups(const std::vector<std::string>& group_ids);

    // ── requests answered at once ──
    error_code heartbeat(const groups::heartbeat_request& request);
    groups::leave_result leave(const groups::leave_request& request);
    const groups::group_coordinator& coordinator() const { return *coordinator_; }

private:
    // Runs `submit(ticket)` and waits for that ticket's answer; `fallback` when the driver
    // goes away first.
    boost::asio::awaitable<groups::answer_result> park(std::function<void(groups::ticket_id)> submit,
                                                       groups::answer_result fallback);
    // Takes the core's ready until it is empty: persists, then answers; then re-arms the timer.
    void drain();
    void persist(groups::persist_request request);
    void complete_persist(uint64_t persist_id, error_code error);
    void schedule_tick();
    cluster::partition* partition();

    cluster::partition_manager& partitions_;
    unsigned shard_;
    cluster::partition_id id_;
    group_settings settings_;
    std::unique_ptr<groups::group_coordinator> coordinator_;
    bool loaded_ = false;
    bool draining_ = false;
    groups::ticket_id next_ticket_ = 1;
    std::map<groups::ticket_id, std::function<void(groups::answer_result)>> parked_;
    // Persists on their way to disk, each with its offsets.commit.timeout.ms timer.
    std::map<uint64_t, std::unique_ptr<boost::asio::steady_timer>> in_flight_;
    boost::asio::steady_timer tick_timer_;
    bool tick_armed_ = false;
    int64_t tick_deadline_ms_ = 0;
    // Shared with callbacks (timers, flushes), which check it before touching `this`.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Wall-clock milliseconds since the Unix epoch, the coordinator's time.
int64_t group_clock_ms();

}  // namespace sb::kafka

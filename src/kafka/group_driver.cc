// group_driver: requests, tickets, the ready queue and the tick timer. Loading and
// persisting (the partition log side) are in group_driver_log.cc.

#include "kafka/group_driver.h"

#include <cassert>
#include <chrono>

#include "cluster/async_callback.h"
#include "kafka/groups/uuid_text.h"
#include "storage/clock.h"

namespace sb::kafka {

int64_t group_clock_ms() { return storage::system_clock().now_ms(); }

group_driver::group_driver(cluster::partition_manager& partitions, unsigned shard, cluster::partition_id id,
                           const group_settings& settings)
    : partitions_(partitions),
      shard_(shard),
      id_(id),
      settings_(settings),
      coordinator_(std::make_unique<groups::group_coordinator>(settings.coordinator, groups::random_uuid_text_source(),
                                                               group_clock_ms())),
      tick_timer_(partitions.executor(shard)) {}

group_driver::~group_driver() {
    *alive_ = false;
    tick_timer_.cancel();
    for (auto& [id, timer] : in_flight_) timer->cancel();
    // Dropping the parked callbacks resumes their coroutines with NOT_COORDINATOR.
    parked_.clear();
}

cluster::partition* group_driver::partition() { return partitions_.find(shard_, id_); }

boost::asio::awaitable<groups::answer_result> group_driver::park(std::function<void(groups::ticket_id)> submit,
                                                                 groups::answer_result fallback) {
    std::function<void(std::function<void(groups::answer_result)>)> start =
        [this, submit = std::move(submit)](std::function<void(groups::answer_result)> done) {
            const groups::ticket_id ticket = next_ticket_++;
            parked_.emplace(ticket, std::move(done));
            submit(ticket);
            drain();
        };
    auto waiting = cluster::await_callback<groups::answer_result>(std::move(start), std::move(fallback));
    co_return co_await std::move(waiting);
}

namespace {

template <class Result>
Result answer_as(groups::answer_result answer, Result fallback) {
    if (auto* r = std::get_if<Result>(&answer)) return std::move(*r);
    return fallback;
}

}  // namespace

boost::asio::awaitable<groups::join_result> group_driver::join(const groups::join_request& request) {
    groups::join_result fallback;
    fallback.error = error_code::not_coordinator;
    fallback.member_id = request.member_id;
    auto parked = park([this, &request](groups::ticket_id t) { coordinator_->join_group(t, request, group_clock_ms()); },
                       fallback);
    co_return answer_as(co_await std::move(parked), fallback);
}

boost::asio::awaitable<groups::sync_result> group_driver::sync(const groups::sync_request& request) {
    groups::sync_result fallback;
    fallback.error = error_code::not_coordinator;
    auto parked = park([this, &request](groups::ticket_id t) { coordinator_->sync_group(t, request, group_clock_ms()); },
                       fallback);
    co_return answer_as(co_await std::move(parked), fallback);
}

boost::asio::awaitable<groups::offset_commit_result> group_driver::commit(
    const groups::offset_commit_request& request) {
    groups::offset_commit_result fallback;
    for (const auto& p : request.partitions) fallback.partitions.push_back({p.partition, error_code::not_coordinator});
    auto parked = park(
        [this, &request](groups::ticket_id t) { coordinator_->commit_offsets(t, request, group_clock_ms()); }, fallback);
    co_return answer_as(co_await std::move(parked), fallback);
}

boost::asio::awaitable<groups::offset_delete_result> group_driver::delete_offsets(
    const groups::offset_delete_request& request) {
    groups::offset_delete_result fallback;
    fallback.error = error_code::not_coordinator;
    auto parked = park(
        [this, &request](groups::ticket_id t) { coordinator_->delete_offsets(t, request, group_clock_ms()); }, fallback);
    co_return answer_as(co_await std::move(parked), fallback);
}

boost::asio::awaitable<groups::delete_groups_result> group_driver::delete_groups(
    const std::vector<std::string>& group_ids) {
    groups::delete_groups_result fallback;
    for (const auto& id : group_ids) fallback.groups.push_back({id, error_code::not_coordinator});
    auto parked = park(
        [this, &group_ids](groups::ticket_id t) { coordinator_->delete_groups(t, group_ids, group_clock_ms()); },
        fallback);
    co_return answer_as(co_await std::move(parked), fallback);
}

error_code group_driver::heartbeat(const groups::heartbeat_request& request) {
    const error_code error = coordinator_->heartbeat(request, group_clock_ms());
    drain();
    return error;
}

groups::leave_result group_driver::leave(const groups::leave_request& request) {
    groups::leave_result result = coordinator_->leave_group(request, group_clock_ms());
    drain();
    return result;
}

void group_driver::drain() {
    if (draining_) return;  // the outer loop picks up what a nested completion added
    draining_ = true;
    while (coordinator_->has_ready()) {
        groups::ready ready = coordinator_->take_ready();
        for (auto& request : ready.to_persist) persist(std::move(request));
        for (auto& a : ready.answers) {
            auto it = parked_.find(a.ticket);
            if (it == parked_.end()) continue;  // the client went away
            auto done = std::move(it->second);
            parked_.erase(it);
            done(std::move(a.result));
        }
    }
    draining_ = false;
    schedule_tick();
}

void group_driver::complete_persist(uint64_t persist_id, error_code error) {
    auto it = in_flight_.find(persist_id);
    if (it == in_flight_.end()) return;  // timed out already: reported once
    it->second->cancel();
    in_flight_.erase(it);
    coordinator_->on_persisted(persist_id, error, group_clock_ms());
    drain();
}

void group_driver::schedule_tick() {
    if (!loaded_) return;
    const int64_t deadline_ms = coordinator_->next_deadline_ms();
    if (tick_armed_ && deadline_ms >= tick_deadline_ms_) return;
    tick_armed_ = true;
    tick_deadline_ms_ = deadline_ms;
    const int64_t delay_ms = std::max<int64_t>(0, deadline_ms - group_clock_ms());
    tick_timer_.expires_after(std::chrono::milliseconds(delay_ms));
    tick_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive) return;
        tick_armed_ = false;
        coordinator_->tick(group_clock_ms());
        drain();
    });
}

}  // namespace sb::kafka

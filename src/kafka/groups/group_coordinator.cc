// group_coordinator: construction, the group table, ticks and the ready queue. The
// operations live in one file per concern (join_group.cc, sync_group.cc, membership.cc,
// rebalance.cc, offsets.cc, offsets_retention.cc, group_admin.cc, persistence.cc,
// replay.cc).

#include "kafka/groups/group_coordinator.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "kafka/groups/map_lookup.h"

namespace sb::kafka::groups {

group_coordinator::group_coordinator(group_config config, uuid_source new_uuid, int64_t now_ms)
    : config_(std::move(config)),
      new_uuid_(std::move(new_uuid)),
      next_retention_check_ms_(now_ms + config_.offsets_retention_check_interval_ms) {
    assert(validate(config_).empty());
    assert(new_uuid_);
}

group* group_coordinator::find_mutable(const std::string& group_id) { return find_value(groups_, group_id); }

const group* group_coordinator::find_group(const std::string& group_id) const { return find_value(groups_, group_id); }

group_state group_coordinator::state_of(const std::string& group_id) const {
    const group* g = find_group(group_id);
    return g ? g->state() : group_state::dead;
}

group* group_coordinator::create_group(const std::string& group_id, int64_t now_ms) {
    if (groups_.size() >= static_cast<std::size_t>(config_.max_groups)) return nullptr;
    return &emplace_group(group_id, now_ms);
}

group& group_coordinator::emplace_group(const std::string& group_id, int64_t now_ms) {
    auto [it, inserted] = groups_.try_emplace(group_id, group_id, now_ms);
    assert(inserted);
    (void)inserted;
    it->second.incarnation = next_incarnation_++;
    return it->second;
}

group* group_coordinator::find_incarnation(const std::string& group_id, uint64_t incarnation) {
    group* g = find_mutable(group_id);
    return g && g->incarnation == incarnation ? g : nullptr;
}

void group_coordinator::settle(const std::string& group_id) {
    auto it = groups_.find(group_id);
    if (it == groups_.end()) {
        group_deadlines_.set(group_id, std::nullopt);
        return;
    }
    if (it->second.is_unused()) {
        groups_.erase(it);
        group_deadlines_.set(group_id, std::nullopt);
        return;
    }
    it->second.check_invariants();
    group_deadlines_.set(group_id, it->second.next_deadline_ms());
}

void group_coordinator::answer_ticket(ticket_id ticket, answer_result result) {
    ready_.answers.push_back(answer{ticket, std::move(result)});
}

void group_coordinator::park_join(member& m, ticket_id ticket) {
    if (m.join_ticket && *m.join_ticket != ticket) {
        join_result superseded;
        superseded.error = error_code::rebalance_in_progress;
        superseded.member_id = m.member_id;
        answer_ticket(*m.join_ticket, std::move(superseded));
    }
    m.join_ticket = ticket;
}

void group_coordinator::park_sync(member& m, ticket_id ticket) {
    if (m.sync_ticket && *m.sync_ticket != ticket) {
        answer_ticket(*m.sync_ticket, sync_result{error_code::rebalance_in_progress, {}, {}, {}});
    }
    m.sync_ticket = ticket;
}

int64_t group_coordinator::deadline_after(int64_t now_ms, int64_t delay_ms) const {
    // At least 1 ms ahead: a deadline is handled by the tick at or after it, and one that
    // is already due when set would make the driver spin.
    return now_ms + std::max<int64_t>(delay_ms, 1);
}

void group_coordinator::tick(int64_t now_ms) {
    // One pass over the groups due now; whatever a handler schedules lies at least 1 ms
    // ahead (deadline_after), so the loop ends.
    while (std::optional<std::string> group_id = group_deadlines_.due(now_ms)) {
        group& g = groups_.at(*group_id);
        while (std::optional<due_expiry> expiry = g.take_due_expiry(now_ms)) on_member_expiry(g, *expiry, now_ms);
        if (g.join_deadline_ms && *g.join_deadline_ms <= now_ms) on_join_deadline(g, now_ms);
        if (g.sync_deadline_ms && *g.sync_deadline_ms <= now_ms) on_sync_deadline(g, now_ms);
        settle(*group_id);
        const group* after = find_group(*group_id);
        assert(!after || !after->next_deadline_ms() || *after->next_deadline_ms() > now_ms);
        (void)after;
    }
    if (next_retention_check_ms_ <= now_ms) {
        expire_offsets(now_ms);
        next_retention_check_ms_ = deadline_after(now_ms, config_.offsets_retention_check_interval_ms);
    }
}

int64_t group_coordinator::next_deadline_ms() const {
    const std::optional<int64_t> earliest_group = group_deadlines_.earliest_ms();
    return earliest_group ? std::min(*earliest_group, next_retention_check_ms_) : next_retention_check_ms_;
}

ready group_coordinator::take_ready() { return std::exchange(ready_, ready{}); }

}  // namespace sb::kafka::groups

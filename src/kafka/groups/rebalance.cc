// The rebalance itself: starting a join phase, ending it (new generation, leader gets the
// member list), and the timeouts that drive both.

#include <algorithm>
#include <cassert>
#include <utility>

#include "kafka/groups/consumer_subscription.h"
#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {
void group_coordinator::refresh_session(group& g, member& m, int64_t now_ms) {
    g.set_expiry(m.member_id, deadline_after(now_ms, m.session_timeout_ms));
}

void group_coordinator::maybe_prepare_rebalance(group& g, int64_t now_ms) {
    switch (g.state()) {
        case group_state::empty:
        case group_state::completing_rebalance:
        case group_state::stable: return prepare_rebalance(g, now_ms);
        case group_state::preparing_rebalance: return maybe_complete_join(g, now_ms);
        case group_state::dead: return;
    }
}

void group_coordinator::prepare_rebalance(group& g, int64_t now_ms) {
    assert(g.state() == group_state::empty || g.state() == group_state::completing_rebalance ||
           g.state() == group_state::stable);
    // Members waiting for this generation's assignment will not get one: they rejoin.
    if (g.state() == group_state::completing_rebalance) propagate_sync_error(g, error_code::rebalance_in_progress);
    g.pending_sync_members.clear();
    g.sync_deadline_ms.reset();

    // The first rebalance of an empty group waits group.initial.rebalance.delay.ms for more
    // members instead of ending as soon as everyone known has joined: consumers starting
    // together then form one generation rather than one per arrival.
    g.initial_rebalance = g.state() == group_state::empty;
    g.new_member_added = false;
    if (g.initial_rebalance) {
        const int64_t delay_ms = config_.initial_rebalance_delay_ms;
        g.initial_rebalance_remaining_ms = std::max<int64_t>(g.rebalance_timeout_ms() - delay_ms, 0);
        g.join_deadline_ms = deadline_after(now_ms, delay_ms);
    } else {
        g.join_deadline_ms = deadline_after(now_ms, g.rebalance_timeout_ms());
    }
    g.transition_to(group_state::preparing_rebalance, now_ms);
    maybe_complete_join(g, now_ms);
}

void group_coordinator::maybe_complete_join(group& g, int64_t now_ms) {
    if (g.state() != group_state::preparing_rebalance || g.initial_rebalance || !g.all_members_joined()) return;
    complete_join(g, now_ms);
}

void group_coordinator::complete_join(group& g, int64_t now_ms) {
    assert(g.state() == group_state::preparing_rebalance);
    g.join_deadline_ms.reset();
    g.initial_rebalance = false;
    g.new_member_added = false;
    // Dynamic members that did not rejoin in time are gone. Static members keep their
    // place: they may be restarting, and their session timeout decides.
    for (const member* m : g.members_in_join_order()) {
        if (m->awaiting_join() || m->is_static()) continue;
        [[maybe_unused]] const orphaned_tickets tickets = g.remove_member(std::string(m->member_id));
        assert(!tickets.join_ticket && !tickets.sync_ticket);  // syncs were answered when the phase began
    }
    if (!g.elect_joined_leader() && g.member_count() > 0) {
        // Only static members that have not rejoined: wait another round for them to
        // rejoin or for their sessions to expire.
        g.join_deadline_ms = deadline_after(now_ms, g.rebalance_timeout_ms());
        return;
    }

    ++g.generation_id;
    if (g.member_count() == 0) {
        g.protocol_name.reset();
        g.subscribed_topics.reset();
        g.transition_to(group_state::empty, now_ms);
        persist({group_record(g.id(), stored_form(g))}, no_waiter{});
        return;
    }
    g.protocol_name = g.select_protocol();
    g.subscribed_topics = group_subscription(g);
    g.transition_to(group_state::completing_rebalance, now_ms);
    for (const member* joined : g.members_in_join_order()) {
        member& m = *g.find_member(joined->member_id);
        if (m.join_ticket) {
            const ticket_id ticket = *std::exchange(m.join_ticket, std::nullopt);
            answer_ticket(ticket, current_generation_join_result(g, m.member_id, g.is_leader(m.member_id)));
        }
        m.is_new = false;
        refresh_session(g, m, now_ms);
        g.pending_sync_members.insert(m.member_id);
    }
    // Every member must now send SyncGroup within the rebalance timeout.
    g.sync_deadline_ms = deadline_after(now_ms, g.rebalance_timeout_ms());
}

void group_coordinator::propagate_sync_error(group& g, error_code error) {
    assert(g.state() == group_state::completing_rebalance && error != error_code::none);
    for (const auto& [id, entry] : g.members()) {
        member& m = *g.find_member(id);
        m.assignment.clear();
        if (!m.sync_ticket) continue;
        answer_ticket(*std::exchange(m.sync_ticket, std::nullopt), sync_result{error, {}, {}, {}});
    }
}

void group_coordinator::remove_member_and_rebalance(group& g, const std::string& member_id, int64_t now_ms) {
    const orphaned_tickets tickets = g.remove_member(member_id);
    if (tickets.join_ticket) {
        join_result gone;
        gone.error = error_code::unknown_member_id;
        answer_ticket(*tickets.join_ticket, std::move(gone));
    }
    if (tickets.sync_ticket) answer_ticket(*tickets.sync_ticket, sync_result{error_code::unknown_member_id, {}, {}, {}});
    switch (g.state()) {
        case group_state::stable:
        case group_state::completing_rebalance: return prepare_rebalance(g, now_ms);
        case group_state::preparing_rebalance:
            // Everyone left has joined: no reason to wait, not even in an initial rebalance.
            if (g.all_members_joined()) complete_join(g, now_ms);
            return;
        case group_state::empty:
        case group_state::dead: return;
    }
}

void group_coordinator::on_member_expiry(group& g, const due_expiry& expiry, int64_t now_ms) {
    if (expiry.pending) {
        // The member never came back with the id it was given (take_due_expiry removed it).
        if (g.state() == group_state::preparing_rebalance && g.all_members_joined()) complete_join(g, now_ms);
        return;
    }
    const member& m = *g.find_member(expiry.member_id);
    // A parked JoinGroup or SyncGroup keeps an established member alive (it cannot
    // heartbeat meanwhile); its session restarts when that request is answered.
    if (!m.is_new && (m.awaiting_join() || m.awaiting_sync())) return;
    remove_member_and_rebalance(g, expiry.member_id, now_ms);
}

void group_coordinator::on_join_deadline(group& g, int64_t now_ms) {
    g.join_deadline_ms.reset();
    if (g.initial_rebalance && g.new_member_added && g.initial_rebalance_remaining_ms > 0) {
        // Someone arrived during the initial delay: wait once more, within the rebalance timeout.
        const int64_t delay_ms = std::min<int64_t>(config_.initial_rebalance_delay_ms, g.initial_rebalance_remaining_ms);
        g.initial_rebalance_remaining_ms -= delay_ms;
        g.new_member_added = false;
        g.join_deadline_ms = deadline_after(now_ms, delay_ms);
        return;
    }
    complete_join(g, now_ms);
}

void group_coordinator::on_sync_deadline(group& g, int64_t now_ms) {
    g.sync_deadline_ms.reset();
    const bool in_sync_phase = g.state() == group_state::completing_rebalance || g.state() == group_state::stable;
    if (!in_sync_phase || g.pending_sync_members.empty()) return;
    // Members that never sent SyncGroup for this generation are gone; the rest rebalance.
    const std::set<std::string> silent = g.pending_sync_members;
    for (const std::string& member_id : silent) {
        [[maybe_unused]] const orphaned_tickets tickets = g.remove_member(member_id);
        assert(!tickets.join_ticket && !tickets.sync_ticket);  // not syncing, and joins do not park here
    }
    prepare_rebalance(g, now_ms);
}

}  // namespace sb::kafka::groups

// offsets.retention.minutes: offsets nobody uses any more expire, and so does a group
// left with neither members nor offsets.
//
// When an offset counts as unused (Kafka's rules since KIP-211):
//  - in an Empty group with a protocol type: once the group has been empty for the
//    retention time (or, for a group rebuilt without a group record, once the commit is
//    that old);
//  - in a group without a protocol type (it only ever committed): once the commit is
//    that old;
//  - in a Stable "consumer" group whose subscriptions are known: offsets of topics no
//    member subscribes to, once the commit is that old;
//  - in every other case never, except that a commit carrying its own expiry time
//    (OffsetCommit v2-v4) expires then.
// An offset with a commit on its way to disk never expires.

#include "kafka/groups/consumer_subscription.h"
#include "kafka/groups/group_coordinator.h"

namespace sb::kafka::groups {
namespace {

enum class expiry_rule { never, since_empty, since_commit, unsubscribed_since_commit };

expiry_rule rule_for(const group& g) {
    if (!g.protocol_type) return expiry_rule::since_commit;
    if (g.state() == group_state::empty) return expiry_rule::since_empty;
    if (g.state() == group_state::stable && g.protocol_type == k_consumer_protocol_type && g.subscribed_topics) {
        return expiry_rule::unsubscribed_since_commit;
    }
    return expiry_rule::never;
}

bool is_expired(const group& g, expiry_rule rule, const topic_partition& partition, const committed_offset& value,
                int64_t now_ms, int64_t retention_ms) {
    if (g.pending_commits.contains(partition) || rule == expiry_rule::never) return false;
    if (rule == expiry_rule::unsubscribed_since_commit && g.subscribed_topics->contains(partition.topic)) return false;
    if (value.expire_timestamp_ms) return now_ms >= *value.expire_timestamp_ms;
    const int64_t since_ms = rule == expiry_rule::since_empty
                                 ? g.state_timestamp_ms().value_or(value.commit_timestamp_ms)
                                 : value.commit_timestamp_ms;
    return now_ms - since_ms >= retention_ms;
}

}  // namespace

void group_coordinator::expire_offsets(int64_t now_ms) {
    std::vector<stored_record> records;
    std::vector<std::string> dead_groups;
    for (auto& [group_id, g] : groups_) {
        const expiry_rule rule = rule_for(g);
        for (auto it = g.offsets.begin(); it != g.offsets.end();) {
            if (!is_expired(g, rule, it->first, it->second, now_ms, config_.offsets_retention_ms())) {
                ++it;
                continue;
            }
            records.push_back(offset_tombstone(group_id, it->first));
            it = g.offsets.erase(it);
        }
        const bool nothing_left = g.state() == group_state::empty && g.offsets.empty() && g.pending_commits.empty() &&
                                  g.member_count() == 0 && !g.has_pending_members();
        if (nothing_left) dead_groups.push_back(group_id);
    }
    for (const std::string& group_id : dead_groups) {
        groups_.at(group_id).transition_to(group_state::dead, now_ms);
        groups_.erase(group_id);
        group_deadlines_.set(group_id, std::nullopt);
        records.push_back(group_tombstone(group_id));
    }
    if (!records.empty()) persist(std::move(records), no_waiter{});
}

}  // namespace sb::kafka::groups

// OffsetCommit, OffsetFetch and OffsetDelete.

#include <cassert>

#include "kafka/groups/consumer_subscription.h"
#include "kafka/groups/group_coordinator.h"
#include "kafka/groups/map_lookup.h"

namespace sb::kafka::groups {
namespace {

offset_commit_result commit_failed(const offset_commit_request& request, error_code error) {
    offset_commit_result out;
    for (const partition_commit& p : request.partitions) out.partitions.push_back({p.partition, error});
    return out;
}

}  // namespace

error_code group_coordinator::commit_error(const group& g, const offset_commit_request& request) const {
    if (g.is_static_member_fenced(request.group_instance_id, request.member_id)) return error_code::fenced_instance_id;
    // Outside group management (generation -1) a client may commit only while no members
    // use the group: Kafka's "simple" consumers and admin offset resets.
    if (request.generation_id < 0 && g.state() == group_state::empty) return error_code::none;
    if (!g.has_member(request.member_id)) return error_code::unknown_member_id;
    if (request.generation_id != g.generation_id) return error_code::illegal_generation;
    // The member knows the new generation but has no assignment for it yet.
    if (g.state() == group_state::completing_rebalance) return error_code::rebalance_in_progress;
    // Stable, or PreparingRebalance: a member may still commit what it consumed before it
    // rejoins; its heartbeat tells it to rejoin.
    return error_code::none;
}

void group_coordinator::commit_offsets(ticket_id ticket, const offset_commit_request& request, int64_t now_ms) {
    group* g = find_mutable(request.group_id);
    if (!g) {
        // Only a commit from outside group management may create a group; a generation
        // names a group that must exist.
        if (request.generation_id >= 0) return answer_ticket(ticket, commit_failed(request, error_code::illegal_generation));
        g = create_group(request.group_id, now_ms);
        if (!g) return answer_ticket(ticket, commit_failed(request, error_code::coordinator_not_available));
    }
    if (const error_code error = commit_error(*g, request); error != error_code::none) {
        answer_ticket(ticket, commit_failed(request, error));
        return settle(request.group_id);
    }
    if (member* m = g->find_member(request.member_id)) refresh_session(*g, *m, now_ms);

    commit_waiter waiter{ticket, g->id(), g->incarnation, {}, {}};
    std::vector<stored_record> records;
    for (const partition_commit& p : request.partitions) {
        const std::size_t result_index = waiter.result.partitions.size();
        const std::string metadata = p.metadata.value_or("");
        if (metadata.size() > static_cast<std::size_t>(config_.offset_metadata_max_bytes)) {
            waiter.result.partitions.push_back({p.partition, error_code::offset_metadata_too_large});
            continue;
        }
        waiter.result.partitions.push_back({p.partition, error_code::none});
        committed_offset value{p.offset, p.leader_epoch, metadata, now_ms, std::nullopt};
        if (request.retention_time_ms >= 0) value.expire_timestamp_ms = now_ms + request.retention_time_ms;
        records.push_back(offset_record(g->id(), p.partition, value));
        ++g->pending_commits[p.partition];
        waiter.commits.push_back({result_index, p.partition, std::move(value)});
    }
    if (records.empty()) {
        answer_ticket(ticket, std::move(waiter.result));
    } else {
        persist(std::move(records), std::move(waiter));
    }
    settle(request.group_id);
}

offset_fetch_result group_coordinator::fetch_offsets(const offset_fetch_request& request) const {
    offset_fetch_result out;
    const group* g = find_group(request.group_id);
    if (!request.partitions) {
        if (!g) return out;
        for (const auto& [partition, value] : g->offsets) {
            out.partitions.push_back({partition, value.offset, value.leader_epoch, value.metadata, error_code::none});
        }
        return out;
    }
    for (const topic_partition& partition : *request.partitions) {
        fetched_offset& fetched = out.partitions.emplace_back();
        fetched.partition = partition;
        if (!g) continue;
        if (request.require_stable && g->pending_commits.contains(partition)) {
            // A commit is on its way to disk: the client asked not to see the older offset.
            fetched.error = error_code::unstable_offset_commit;
            continue;
        }
        if (const committed_offset* value = find_value(g->offsets, partition)) {
            fetched.offset = value->offset;
            fetched.leader_epoch = value->leader_epoch;
            fetched.metadata = value->metadata;
        }
    }
    return out;
}

void group_coordinator::delete_offsets(ticket_id ticket, const offset_delete_request& request, int64_t /*now_ms*/) {
    group* g = find_mutable(request.group_id);
    if (!g) return answer_ticket(ticket, offset_delete_result{error_code::group_id_not_found, {}});
    // Offsets of an empty group can all go; a consumer group with members keeps those of
    // the topics it consumes; other groups with members keep them all.
    const bool consumer_group = g->protocol_type == k_consumer_protocol_type;
    if (g->state() != group_state::empty && !consumer_group) {
        return answer_ticket(ticket, offset_delete_result{error_code::non_empty_group, {}});
    }
    offset_delete_result result;
    std::vector<stored_record> records;
    for (const topic_partition& partition : request.partitions) {
        const bool subscribed = g->state() != group_state::empty &&
                                (!g->subscribed_topics || g->subscribed_topics->contains(partition.topic));
        if (subscribed) {
            result.partitions.push_back({partition, error_code::group_subscribed_to_topic});
            continue;
        }
        result.partitions.push_back({partition, error_code::none});
        if (g->offsets.erase(partition) > 0) records.push_back(offset_tombstone(g->id(), partition));
    }
    if (records.empty()) {
        answer_ticket(ticket, std::move(result));
    } else {
        persist(std::move(records), deletion_waiter{ticket, std::move(result)});
    }
    settle(request.group_id);
}

}  // namespace sb::kafka::groups

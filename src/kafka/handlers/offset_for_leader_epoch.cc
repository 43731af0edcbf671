// OffsetForLeaderEpoch (key 23), v0-v4: for each partition, the end offset of the
// requested leader epoch (the start of the next epoch, or the log end for the latest
// one) and the largest epoch at or below the requested one, from the log's leader-epoch
// cache. An epoch older or newer than any in the log: epoch -1 and offset -1, as Kafka
// answers.
// current_leader_epoch (v2+) is checked as in Fetch: FENCED_LEADER_EPOCH when older than
// ours, UNKNOWN_LEADER_EPOCH when newer.

#include "kafka/handlers/handlers.h"

#include "kafka/partition_routing.h"
#include "protocol/messages/offset_for_leader_epoch.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

struct epoch_lookup {
    cluster::partition_id id;
    int32_t current_leader_epoch = -1;
    int32_t leader_epoch = 0;
    error_code error = error_code::none;
    int32_t found_epoch = -1;
    int64_t end_offset = -1;
};

void look_up(cluster::partition_manager& manager, unsigned shard, epoch_lookup& q) {
    cluster::partition* p = manager.find(shard, q.id);
    if (p == nullptr) {
        q.error = error_code::not_leader_or_follower;
        return;
    }
    if (q.current_leader_epoch >= 0 && q.current_leader_epoch != p->leader_epoch()) {
        q.error = q.current_leader_epoch > p->leader_epoch() ? error_code::unknown_leader_epoch
                                                              : error_code::fenced_leader_epoch;
        return;
    }
    // An epoch newer than any in the log is unknown (Kafka's LeaderEpochFileCache answers
    // UNDEFINED for it too); older ones resolve to the largest epoch at or below them.
    const auto latest = p->log().epochs().latest();
    if (!latest || q.leader_epoch > latest->epoch) return;
    const storage::epoch_end_offset found = p->log().end_offset_for_epoch(q.leader_epoch);
    q.found_epoch = found.epoch;
    q.end_offset = found.end_offset;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> offset_for_leader_epoch(const request_context& ctx,
                                                                           protocol::reader& body) {
    protocol::offset_for_leader_epoch_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const auto topics = ctx.topics.snapshot();
    std::vector<epoch_lookup> lookups;
    std::vector<cluster::partition_id> ids;
    std::vector<bool> skip;
    for (const auto& topic : request.topics) {
        const cluster::topic_metadata* meta = topics->find(topic.topic);
        for (const auto& p : topic.partitions) {
            epoch_lookup& q = lookups.emplace_back();
            q.current_leader_epoch = p.current_leader_epoch;
            q.leader_epoch = p.leader_epoch;
            const bool known = meta != nullptr && p.partition >= 0 && p.partition < meta->partition_count();
            if (meta != nullptr) q.id = cluster::partition_id{meta->id, p.partition};
            if (!known) q.error = error_code::unknown_topic_or_partition;
            ids.push_back(q.id);
            skip.push_back(!known);
        }
    }
    cluster::partition_manager& manager = *ctx.services.broker->partitions;
    shard_work work = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        for (std::size_t i : indexes) look_up(manager, shard, lookups[i]);
        co_return;
    };
    auto all = run_on_owners(manager, ids, skip, std::move(work));
    co_await std::move(all);

    protocol::offset_for_leader_epoch_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    std::size_t next = 0;
    for (const auto& topic : request.topics) {
        auto& out = response.topics.emplace_back();
        out.topic = topic.topic;
        for (const auto& requested : topic.partitions) {
            const epoch_lookup& q = lookups[next++];
            auto& p = out.partitions.emplace_back();
            p.partition = requested.partition;
            p.error_code = to_wire(q.error);
            p.leader_epoch = q.error == error_code::none ? q.found_epoch : -1;
            p.end_offset = q.error == error_code::none ? q.end_offset : -1;
            if (first_error == error_code::none) first_error = q.error;
        }
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

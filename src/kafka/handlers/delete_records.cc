// DeleteRecords (key 21), v0-2: moves partitions' log start offsets forward.
//
// Per partition, as Kafka's ReplicaManager.deleteRecords and Partition.deleteRecordsOnLeader:
//   unknown topic or partition index           UNKNOWN_TOPIC_OR_PARTITION
//   an internal topic (__consumer_offsets...)  INVALID_TOPIC_EXCEPTION
//   cleanup.policy without "delete"            POLICY_VIOLATION
//   offset -1                                  the high watermark
//   offset < -1, or above the high watermark   OFFSET_OUT_OF_RANGE
// otherwise the log start offset moves to the offset (never backward) and the answer
// is the new low watermark: the log start offset, which may be above the requested
// offset. Errors carry low watermark -1. Each partition is handled on its owner shard,
// and answered once its new start offset is durable (storage's partition.state).
// Results come one per topic and partition, in the order they were first named; a
// partition named twice takes the last offset, as Kafka's map of requests does.

#include "kafka/handlers/handlers.h"

#include <map>

#include "cluster/async_callback.h"
#include "cluster/topic_name.h"
#include "kafka/partition_routing.h"
#include "protocol/messages/delete_records.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int64_t k_high_watermark = -1;  // Kafka's DeleteRecordsRequest.HIGH_WATERMARK
constexpr int64_t k_invalid_low_watermark = -1;

struct deletion {
    std::string topic;
    cluster::partition_id id;
    int32_t index = 0;
    int64_t offset = 0;
    // The answer.
    error_code error = error_code::none;
    int64_t low_watermark = k_invalid_low_watermark;
};

boost::asio::awaitable<void> delete_on_owner(cluster::partition_manager& manager, unsigned shard, deletion& d) {
    cluster::partition* p = manager.find(shard, d.id);
    if (p == nullptr) {
        d.error = error_code::not_leader_or_follower;
        co_return;
    }
    if (p->config().log.cleanup == storage::cleanup_policy::compact) {
        d.error = error_code::policy_violation;
        co_return;
    }
    const int64_t offset = d.offset == k_high_watermark ? p->high_watermark() : d.offset;
    if (offset < 0 || offset > p->high_watermark()) {
        d.error = error_code::offset_out_of_range;
        co_return;
    }
    std::function<void(std::function<void(sb::status)>)> start = [p, offset](std::function<void(sb::status)> done) {
        p->log().delete_records(offset, std::move(done));
    };
    auto deleting = cluster::await_callback<sb::status>(std::move(start), sb::unexpected(error_code::not_leader_or_follower));
    auto deleted = co_await std::move(deleting);
    if (!deleted) {
        d.error = deleted.error();
        co_return;
    }
    p = manager.find(shard, d.id);  // the topic may have been deleted meanwhile
    if (p == nullptr) {
        d.error = error_code::not_leader_or_follower;
        co_return;
    }
    d.low_watermark = p->log_start_offset();
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> delete_records(const request_context& ctx, protocol::reader& body) {
    protocol::delete_records_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    // One deletion per (topic, partition), in the order first named.
    std::vector<deletion> deletions;
    std::map<std::pair<std::string, int32_t>, std::size_t> position;
    for (const auto& topic : request.topics) {
        for (const auto& p : topic.partitions) {
            auto [it, fresh] = position.try_emplace({topic.name, p.partition_index}, deletions.size());
            if (fresh) deletions.push_back({topic.name, {}, p.partition_index, p.offset});
            deletions[it->second].offset = p.offset;
        }
    }
    const auto topics = ctx.topics.snapshot();
    std::vector<cluster::partition_id> ids;
    std::vector<bool> skip;
    for (auto& d : deletions) {
        const cluster::topic_metadata* meta = topics->find(d.topic);
        if (meta == nullptr || d.index < 0 || d.index >= meta->partition_count()) {
            d.error = error_code::unknown_topic_or_partition;
        } else if (cluster::is_internal_topic(d.topic)) {
            d.error = error_code::invalid_topic_exception;
        } else {
            d.id = cluster::partition_id{meta->id, d.index};
        }
        ids.push_back(d.id);
        skip.push_back(d.error != error_code::none);
    }
    cluster::partition_manager& manager = *ctx.services.broker->partitions;
    shard_work work = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        for (std::size_t i : indexes) {
            auto deleting = delete_on_owner(manager, shard, deletions[i]);
            co_await std::move(deleting);
        }
    };
    auto all = run_on_owners(manager, ids, skip, std::move(work));
    co_await std::move(all);

    protocol::delete_records_response response;
    response.throttle_time_ms = 0;
    std::map<std::string, std::size_t, std::less<>> topic_position;
    error_code first_error = error_code::none;
    for (const auto& d : deletions) {
        auto [it, fresh] = topic_position.try_emplace(d.topic, response.topics.size());
        if (fresh) response.topics.emplace_back().name = d.topic;
        auto& out = response.topics[it->second].partitions.emplace_back();
        out.partition_index = d.index;
        out.error_code = to_wire(d.error);
        out.low_watermark = d.error == error_code::none ? d.low_watermark : k_invalid_low_watermark;
        if (first_error == error_code::none) first_error = d.error;
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

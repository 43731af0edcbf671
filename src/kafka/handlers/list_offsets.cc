// ListOffsets (key 2), v1-v10: an offset for a timestamp, per partition.
//
//   timestamp  meaning (Kafka's ListOffsetsRequest constants)     answer
//   -2         EARLIEST                                           log start offset
//   -1         LATEST                                             high watermark (read_committed:
//                                                                 last stable offset, the same
//                                                                 until transactions exist)
//   -3         MAX_TIMESTAMP (v7+)                                first record with the largest
//                                                                 timestamp, and that timestamp
//   -4         EARLIEST_LOCAL (v8+)                               log start offset (no tiering)
//   -5         LATEST_TIERED (v9+)                                -1: nothing is tiered
//   >= 0       the first record whose timestamp is >= it          offset and timestamp, or -1/-1
//
// The special offsets carry timestamp -1. leader_epoch (v4+) is the epoch of the answer's
// offset, -1 when the log holds no epoch yet. Each partition is answered on its owner shard.

#include "kafka/handlers/handlers.h"

#include "cluster/async_callback.h"
#include "kafka/partition_routing.h"
#include "protocol/messages/list_offsets.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int64_t k_latest = -1;
constexpr int64_t k_earliest = -2;
constexpr int64_t k_max_timestamp = -3;
constexpr int64_t k_earliest_local = -4;
constexpr int64_t k_latest_tiered = -5;

struct offset_lookup {
    cluster::partition_id id;
    int32_t index = 0;
    int32_t current_leader_epoch = -1;
    int64_t timestamp = 0;
    bool known = false;
    // The answer.
    error_code error = error_code::none;
    int64_t offset = -1;
    int64_t found_timestamp = -1;
    int32_t leader_epoch = -1;
};

int32_t epoch_of_log(cluster::partition& p) {
    auto latest = p.log().epochs().latest();
    return latest ? latest->epoch : -1;
}

boost::asio::awaitable<void> look_up(cluster::partition_manager& manager, unsigned shard, offset_lookup& q) {
    cluster::partition* p = manager.find(shard, q.id);
    if (p == nullptr) {
        q.error = error_code::not_leader_or_follower;
        co_return;
    }
    if (q.current_leader_epoch >= 0 && q.current_leader_epoch != p->leader_epoch()) {
        q.error = q.current_leader_epoch > p->leader_epoch() ? error_code::unknown_leader_epoch
                                                              : error_code::fenced_leader_epoch;
        co_return;
    }
    q.leader_epoch = epoch_of_log(*p);
    switch (q.timestamp) {
        case k_earliest:
        case k_earliest_local: q.offset = p->log_start_offset(); co_return;
        case k_latest: q.offset = p->high_watermark(); co_return;
        case k_latest_tiered: q.leader_epoch = -1; co_return;
        default: break;
    }
    int64_t wanted = q.timestamp;
    if (q.timestamp == k_max_timestamp) {
        if (p->max_timestamp_ms() < 0) {
            q.leader_epoch = -1;
            co_return;
        }
        wanted = p->max_timestamp_ms();
    }
    using found = sb::result<std::optional<storage::found_timestamp>>;
    std::function<void(std::function<void(found)>)> start = [p, wanted](std::function<void(found)> done) {
        p->log().find_offset_by_timestamp(wanted, std::move(done));
    };
    auto finding = cluster::await_callback<found>(std::move(start), sb::unexpected(error_code::not_leader_or_follower));
    auto result = co_await std::move(finding);
    if (!result) {
        q.error = result.error();
        q.leader_epoch = -1;
    } else if (*result) {
        q.offset = (*result)->offset;
        q.found_timestamp = (*result)->timestamp_ms;
    } else {
        q.leader_epoch = -1;
    }
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> list_offsets(const request_context& ctx, protocol::reader& body) {
    protocol::list_offsets_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const auto topics = ctx.topics.snapshot();
    std::vector<offset_lookup> lookups;
    std::vector<cluster::partition_id> ids;
    std::vector<bool> skip;
    for (const auto& topic : request.topics) {
        const cluster::topic_metadata* meta = topics->find(topic.name);
        for (const auto& p : topic.partitions) {
            offset_lookup& q = lookups.emplace_back();
            q.index = p.partition_index;
            q.current_leader_epoch = p.current_leader_epoch;
            q.timestamp = p.timestamp;
            q.known = meta != nullptr && p.partition_index >= 0 && p.partition_index < meta->partition_count();
            if (meta != nullptr) q.id = cluster::partition_id{meta->id, p.partition_index};
            if (!q.known) q.error = error_code::unknown_topic_or_partition;
            ids.push_back(q.id);
            skip.push_back(!q.known);
        }
    }
    cluster::partition_manager& manager = *ctx.services.broker->partitions;
    shard_work work = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        for (std::size_t i : indexes) {
            auto looking = look_up(manager, shard, lookups[i]);
            co_await std::move(looking);
        }
    };
    auto all = run_on_owners(manager, ids, skip, std::move(work));
    co_await std::move(all);

    protocol::list_offsets_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    std::size_t next = 0;
    for (const auto& topic : request.topics) {
        auto& out = response.topics.emplace_back();
        out.name = topic.name;
        for (std::size_t i = 0; i < topic.partitions.size(); ++i, ++next) {
            const offset_lookup& q = lookups[next];
            auto& p = out.partitions.emplace_back();
            p.partition_index = q.index;
            p.error_code = to_wire(q.error);
            const bool ok = q.error == error_code::none;
            p.timestamp = ok ? q.found_timestamp : -1;
            p.offset = ok ? q.offset : -1;
            p.leader_epoch = ok ? q.leader_epoch : -1;
            if (first_error == error_code::none) first_error = q.error;
        }
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

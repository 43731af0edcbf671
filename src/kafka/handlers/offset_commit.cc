// OffsetCommit (key 8), v0-9: a member (or a client outside group management, generation
// -1) stores offsets. The answer comes once the commit is durable (fsynced). Partitions
// of topics this broker does not have get UNKNOWN_TOPIC_OR_PARTITION, as in Kafka, and
// are not stored. v2-v4 carry a retention time; v0 has no generation (-1).

#include "kafka/group_request_partitions.h"
#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/offset_commit.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {

boost::asio::awaitable<sb::result<handler_output>> offset_commit(const request_context& ctx, protocol::reader& body) {
    protocol::offset_commit_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    const known_partitions partitions = known_partitions_of(*ctx.topics.snapshot(), request.topics);
    groups::offset_commit_request commit;
    commit.group_id = request.group_id;
    commit.generation_id = request.generation_id_or_member_epoch;
    commit.member_id = request.member_id;
    commit.group_instance_id = request.group_instance_id;
    commit.retention_time_ms = request.retention_time_ms;
    std::size_t next = 0;
    for (const auto& t : request.topics) {
        for (const auto& p : t.partitions) {
            if (partitions.slots[next++] < 0) continue;
            groups::partition_commit& c = commit.partitions.emplace_back();
            c.partition = {t.name, p.partition_index};
            c.offset = p.committed_offset;
            c.leader_epoch = p.committed_leader_epoch;
            c.metadata = p.committed_metadata;
        }
    }
    groups::offset_commit_result result;
    if (!commit.partitions.empty()) {
        std::function<boost::asio::awaitable<groups::offset_commit_result>(group_driver&)> run =
            [&commit](group_driver& driver) { return driver.commit(commit); };
        std::function<groups::offset_commit_result(error_code)> failed = [&commit](error_code e) {
            groups::offset_commit_result r;
            for (const auto& p : commit.partitions) r.partitions.push_back({p.partition, e});
            return r;
        };
        auto committing = on_group_coordinator(ctx, commit.group_id, std::move(run), std::move(failed));
        result = co_await std::move(committing);
    }
    protocol::offset_commit_response response;
    response.throttle_time_ms = 0;
    const error_code first_error = answer_partitions(response.topics, request.topics, partitions, result.partitions);
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

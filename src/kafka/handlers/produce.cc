// Produce (key 0), v3-v11 served; v0-v2 advertised but refused (served_apis.h).
//
// Each partition's batch is validated and appended on the partition's owner shard
// (produce_partition.h); the shards work at once and the answers come back here, in
// request order. acks: 0 sends no response at all (but closes the connection when some
// partition failed, as Kafka does, since the producer would otherwise never know), 1
// answers once the batch is in the log, -1 (all) once it is fsynced (unless
// log.flush.on.ack is off) - within the request's timeout_ms, else REQUEST_TIMED_OUT. Any
// other acks value: INVALID_REQUIRED_ACKS for every partition.
//
// The request's ordered stage (net/request_handler.h) ends once every batch is appended:
// the connection's next request then appends behind it while this one waits for its
// fsync, so a connection's pipelined acks=all requests share fsyncs.
//
// A topic that does not exist: UNKNOWN_TOPIC_OR_PARTITION, or it is created first when
// auto.create.topics.enable is on (topic_auto_creation.h). A partition that exists but
// is not open yet (start-up recovery): NOT_LEADER_OR_FOLLOWER, which clients retry.

#include "kafka/handlers/handlers.h"

#include <algorithm>

#include "kafka/partition_routing.h"
#include "kafka/produce_partition.h"
#include "kafka/topic_auto_creation.h"
#include "protocol/messages/produce.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

using partition_response = protocol::produce_response::partition_produce_response;

bool valid_acks(int16_t acks) { return acks == 0 || acks == 1 || acks == -1; }

partition_response respond(const partition_produce& p) {
    partition_response out;
    out.index = p.index;
    out.error_code = to_wire(p.error);
    out.base_offset = p.base_offset;
    out.log_append_time_ms = p.log_append_time_ms;
    out.log_start_offset = p.log_start_offset;
    out.error_message = p.error_message;
    for (const auto& e : p.record_errors) out.record_errors.push_back({e.batch_index, e.message});
    return out;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> produce(const request_context& ctx, protocol::reader& body) {
    protocol::produce_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    std::vector<std::string> names;
    for (const auto& topic : request.topic_data) names.push_back(topic.name);
    auto resolving = topics_for_request(ctx, names);
    const auto topics = co_await std::move(resolving);

    std::vector<partition_produce> partitions;
    std::vector<cluster::partition_id> ids;
    std::vector<bool> skip;
    for (auto& topic : request.topic_data) {
        const cluster::topic_metadata* meta = topics->find(topic.name);
        for (auto& data : topic.partition_data) {
            partition_produce& p = partitions.emplace_back();
            p.topic = topic.name;
            p.index = data.index;
            if (!data.records.is_null()) p.records = data.records.release();
            if (meta != nullptr) p.id = cluster::partition_id{meta->id, data.index};
            ids.push_back(p.id);
            if (!valid_acks(request.acks)) {
                p.error = error_code::invalid_required_acks;
            } else if (meta == nullptr || data.index < 0 || data.index >= meta->partition_count()) {
                p.error = error_code::unknown_topic_or_partition;
            } else if (!p.records) {
                p.error = error_code::invalid_record;
                p.error_message = "Produce requests must carry records for every partition";
            }
            skip.push_back(p.error != error_code::none);
        }
    }

    const produce_settings settings{request.acks, request.timeout_ms, ctx.api_version};
    broker_services& services = *ctx.services.broker;
    shard_work append = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        auto appending = append_on_owner(services, shard, partitions, indexes, settings);
        co_await std::move(appending);
    };
    auto appended = run_on_owners(*services.partitions, ids, skip, std::move(append));
    co_await std::move(appended);
    // Every batch of this request is in its log: the connection's next request may append
    // behind it while this one waits for its fsync, and both share the fsync.
    if (ctx.stage != nullptr) ctx.stage->end();

    std::vector<bool> no_wait;
    for (const auto& p : partitions) no_wait.push_back(p.flush == nullptr);
    if (std::find(no_wait.begin(), no_wait.end(), false) != no_wait.end()) {
        shard_work wait = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
            auto waiting = wait_flushed_on_owner(services, shard, partitions, indexes, settings);
            co_await std::move(waiting);
        };
        auto flushed = run_on_owners(*services.partitions, ids, no_wait, std::move(wait));
        co_await std::move(flushed);
    }

    protocol::produce_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    std::size_t next = 0;
    for (const auto& topic : request.topic_data) {
        auto& out = response.responses.emplace_back();
        out.name = topic.name;
        for (std::size_t i = 0; i < topic.partition_data.size(); ++i, ++next) {
            const partition_produce& p = partitions[next];
            if (first_error == error_code::none) first_error = p.error;
            out.partition_responses.push_back(respond(p));
        }
    }
    if (request.acks == 0) {
        handler_output silent;
        silent.send_response = false;
        silent.close_connection = first_error != error_code::none;
        silent.error = first_error;
        co_return silent;
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

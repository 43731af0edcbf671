// OffsetFetch (key 9), v0-9: a group's committed offsets, for the listed partitions or
// (topics null, v2+) every partition it has offsets for. v8+ asks for several groups at
// once, each answered by its own coordinator with its own error. require_stable (v7+)
// answers UNSTABLE_OFFSET_COMMIT for a partition whose commit is still on its way to
// disk. An offset never committed is -1 with empty metadata, as in Kafka. v0-1 carry no
// group-level error: a group error is set on every partition instead.

#include "kafka/group_routing.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/offset_fetch.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr int16_t k_first_version_with_group_error = 2;
constexpr int16_t k_first_multi_group_version = 8;

struct group_offsets {
    error_code error = error_code::none;
    groups::offset_fetch_result result;
};

boost::asio::awaitable<group_offsets> fetch_group(const request_context& ctx, groups::offset_fetch_request& request) {
    std::function<boost::asio::awaitable<group_offsets>(group_driver&)> run =
        [&request](group_driver& driver) -> boost::asio::awaitable<group_offsets> {
        co_return group_offsets{error_code::none, driver.coordinator().fetch_offsets(request)};
    };
    std::function<group_offsets(error_code)> failed = [&request](error_code e) {
        group_offsets out{e, {}};
        if (request.partitions) {
            for (const auto& p : *request.partitions) out.result.partitions.push_back({p, -1, -1, "", error_code::none});
        }
        return out;
    };
    auto fetching = on_group_coordinator(ctx, request.group_id, std::move(run), std::move(failed));
    co_return co_await std::move(fetching);
}

template <class Topics>
std::optional<std::vector<groups::topic_partition>> wanted(const std::optional<Topics>& topics) {
    if (!topics) return std::nullopt;
    std::vector<groups::topic_partition> out;
    for (const auto& t : *topics) {
        for (int32_t p : t.partition_indexes) out.push_back({t.name, p});
    }
    return out;
}

// Appends the fetched offsets to `topics`, one topic entry per run of the same topic.
template <class Topic>
void add_offsets(std::vector<Topic>& topics, const groups::offset_fetch_result& result, error_code partition_error) {
    for (const auto& f : result.partitions) {
        if (topics.empty() || topics.back().name != f.partition.topic) topics.emplace_back().name = f.partition.topic;
        auto& p = topics.back().partitions.emplace_back();
        p.partition_index = f.partition.partition;
        const error_code e = partition_error != error_code::none ? partition_error : f.error;
        const bool ok = e == error_code::none;
        p.committed_offset = ok ? f.offset : -1;
        p.committed_leader_epoch = ok ? f.leader_epoch : -1;
        p.metadata = ok ? f.metadata : "";
        p.error_code = to_wire(e);
    }
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> offset_fetch(const request_context& ctx, protocol::reader& body) {
    protocol::offset_fetch_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    protocol::offset_fetch_response response;
    response.throttle_time_ms = 0;
    error_code first_error = error_code::none;
    if (ctx.api_version >= k_first_multi_group_version) {
        for (const auto& g : request.groups) {
            groups::offset_fetch_request one{g.group_id, wanted(g.topics), request.require_stable};
            auto fetching = fetch_group(ctx, one);
            const group_offsets got = co_await std::move(fetching);
            auto& out = response.groups.emplace_back();
            out.group_id = g.group_id;
            out.error_code = to_wire(got.error);
            if (got.error == error_code::none) add_offsets(out.topics, got.result, error_code::none);
            if (first_error == error_code::none) first_error = got.error;
        }
        co_return encoded(response, ctx.api_version, first_error);
    }
    groups::offset_fetch_request one{request.group_id, wanted(request.topics), request.require_stable};
    auto fetching = fetch_group(ctx, one);
    const group_offsets got = co_await std::move(fetching);
    first_error = got.error;
    if (ctx.api_version >= k_first_version_with_group_error) {
        response.error_code = to_wire(got.error);
        if (got.error == error_code::none) add_offsets(response.topics, got.result, error_code::none);
    } else {
        add_offsets(response.topics, got.result, got.error);
    }
    co_return encoded(response, ctx.api_version, first_error);
}

}  // namespace sb::kafka::handlers

// Fetch (key 1), v4-v17 (v4 is the first that carries the v2 record format).
//
// Records are never decoded or re-encoded: each partition's batches are read on its owner
// shard as file ranges plus the unflushed in-memory tail (fetch_read.h) and sent with
// sendfile from inside the response frame (fetch_splicing.h). Limits: max_bytes over the
// response and partition_max_bytes per partition, with Kafka's "first batch even if
// larger" rule (fetch_budget.h). Fetch sessions: fetch_session_flow.h.
//
// Long polling: when fewer than min_bytes are ready (and no partition has an error), the
// fetch waits up to max_wait_ms (capped by fetch.max.wait.ms.limit) for an append to one
// of its partitions - the owner shards wake it; nothing sleeps or polls. At most
// fetch.delayed.max.requests fetches wait per shard; more are answered at once.
//
// isolation_level: read_committed is accepted and, until transactions exist, reads the
// same records as read_uncommitted (the last stable offset is the high watermark and no
// transaction is ever aborted).

#include "kafka/handlers/handlers.h"

#include <chrono>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "kafka/fetch_budget.h"
#include "kafka/fetch_read.h"
#include "kafka/fetch_session_flow.h"
#include "kafka/fetch_splicing.h"
#include "kafka/partition_routing.h"
#include "kafka/wait_group.h"
#include "protocol/messages/fetch.h"
#include "protocol/reader.h"
#include "storage/clock.h"

namespace sb::kafka::handlers {
namespace {

constexpr int16_t k_first_version_with_topic_ids = 13;
// Fetch v10 is the first whose clients decode zstd (KIP-110).
constexpr int16_t k_first_version_reading_zstd = 10;
constexpr int8_t k_read_committed = 1;

std::vector<cluster::partition_id> ids_of(const std::vector<fetch_item>& items) {
    std::vector<cluster::partition_id> out;
    for (const auto& item : items) out.push_back(item.id);
    return out;
}

std::vector<bool> unreadable(const std::vector<fetch_item>& items) {
    std::vector<bool> out;
    for (const auto& item : items) out.push_back(!item.resolved);
    return out;
}

bool any_error(const std::vector<fetch_item>& items) {
    return std::any_of(items.begin(), items.end(), [](const fetch_item& i) { return i.error != error_code::none; });
}

// Kafka answers at once when there is nothing to wait for, enough data, or an error.
bool should_wait(const std::vector<fetch_item>& items, uint64_t ready_bytes, int32_t min_bytes, int32_t wait_ms) {
    return wait_ms > 0 && !items.empty() && static_cast<int64_t>(ready_bytes) < min_bytes && !any_error(items);
}

boost::asio::awaitable<uint64_t> read_all(broker_services& services, std::vector<fetch_item>& items, int32_t max_bytes) {
    const auto ids = ids_of(items);
    const auto skip = unreadable(items);
    shard_work read = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        auto reading = read_on_owner(services, shard, items, indexes, max_bytes);
        co_await std::move(reading);
    };
    auto all = run_on_owners(*services.partitions, ids, skip, std::move(read));
    co_await std::move(all);
    auto budgeting = apply_fetch_budget(services, items, max_bytes);
    co_return co_await std::move(budgeting);
}

// Waits until an owner shard reports an append to one of the partitions, or the deadline.
boost::asio::awaitable<void> wait_for_appends(broker_services& services, std::vector<fetch_item>& items,
                                              std::chrono::steady_clock::time_point deadline) {
    auto here = co_await boost::asio::this_coro::executor;
    auto woken = std::make_shared<wait_group>(here);
    woken->add(1);
    std::function<void()> wake = [here, woken] { boost::asio::post(here, [woken] { woken->done(); }); };
    const auto ids = ids_of(items);
    const auto skip = unreadable(items);
    std::map<unsigned, std::vector<uint64_t>> waits;  // written by each shard's job only for its own key
    std::map<unsigned, std::vector<std::size_t>> indexes_by_shard;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!skip[i]) {
            const unsigned owner = services.partitions->owner_of(ids[i]);
            indexes_by_shard[owner].push_back(i);
            waits[owner];
        }
    }
    shard_work register_waits = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        waits.at(shard) = wait_on_owner(services, shard, items, indexes, wake);
        co_return;
    };
    auto registering = run_on_owners(*services.partitions, ids, skip, std::move(register_waits));
    co_await std::move(registering);
    auto sleeping = woken->wait_until(deadline);
    co_await std::move(sleeping);
    shard_work cancel_waits = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        cancel_on_owner(services, shard, items, indexes, waits.at(shard));
        co_return;
    };
    auto cancelling = run_on_owners(*services.partitions, ids, skip, std::move(cancel_waits));
    co_await std::move(cancelling);
}

protocol::fetch_response::partition_data respond(const fetch_item& item, bool read_committed,
                                                 std::vector<storage::file_range>& spliced) {
    protocol::fetch_response::partition_data out;
    out.partition_index = item.index;
    out.error_code = to_wire(item.error);
    const bool ok = item.error == error_code::none;
    out.high_watermark = ok ? item.high_watermark : -1;
    out.last_stable_offset = ok ? item.last_stable_offset : -1;
    out.log_start_offset = ok ? item.log_start_offset : -1;
    if (read_committed) {
        out.aborted_transactions.emplace();
    } else {
        out.aborted_transactions.reset();
    }
    out.preferred_read_replica = -1;
    out.records = ok ? records_for_response(item, spliced) : protocol::record_set(iobuf{});
    return out;
}

handler_output encode_response(const std::vector<fetch_item>& items, int32_t session_id, int16_t version,
                               bool read_committed) {
    const bool by_id = version >= k_first_version_with_topic_ids;
    protocol::fetch_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(error_code::none);
    response.session_id = session_id;
    std::vector<storage::file_range> spliced;
    error_code first_error = error_code::none;
    for (const fetch_item& item : items) {
        const bool same_topic = !response.responses.empty() &&
                                (by_id ? response.responses.back().topic_id == item.id.topic_id
                                       : response.responses.back().topic == item.topic);
        if (!same_topic) {
            auto& topic = response.responses.emplace_back();
            topic.topic = item.topic;
            topic.topic_id = item.id.topic_id;
        }
        response.responses.back().partitions.push_back(respond(item, read_committed, spliced));
        if (first_error == error_code::none) first_error = item.error;
    }
    protocol::writer out(response.encoded_size(version));
    response.encode(out, version);
    handler_output result = splice_placeholders(out.take(), spliced);
    result.error = first_error;
    return result;
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> fetch(const request_context& ctx, protocol::reader& body) {
    protocol::fetch_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    shard_services& local = ctx.services;
    broker_services& services = *local.broker;
    const storage::system_clock clock;

    fetch_plan plan = plan_fetch(local.sessions, request, ctx.api_version, *ctx.topics.snapshot(), clock.now_ms());
    if (plan.error != error_code::none) {
        protocol::fetch_response failed;
        failed.error_code = to_wire(plan.error);
        failed.session_id = 0;
        co_return encoded(failed, ctx.api_version, plan.error);
    }

    for (fetch_item& item : plan.items) item.reads_zstd = ctx.api_version >= k_first_version_reading_zstd;
    auto first_read = read_all(services, plan.items, request.max_bytes);
    uint64_t ready = co_await std::move(first_read);
    const int32_t wait_ms = std::clamp(request.max_wait_ms, 0, services.limits.fetch_wait_max_ms);
    if (should_wait(plan.items, ready, request.min_bytes, wait_ms) &&
        static_cast<std::size_t>(services.delayed->fetches(local.shard)) < services.limits.delayed_fetches_max) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
        services.delayed->add_fetch(local.shard, 1);
        do {
            auto waiting = wait_for_appends(services, plan.items, deadline);
            co_await std::move(waiting);
            auto reading = read_all(services, plan.items, request.max_bytes);
            ready = co_await std::move(reading);
        } while (should_wait(plan.items, ready, request.min_bytes, wait_ms) &&
                 std::chrono::steady_clock::now() < deadline);
        services.delayed->add_fetch(local.shard, -1);
    }

    const int32_t session_id = finish_fetch(local.sessions, plan, clock.now_ms());
    co_return encode_response(plan.items, session_id, ctx.api_version, request.isolation_level == k_read_committed);
}

}  // namespace sb::kafka::handlers

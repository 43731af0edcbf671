#include "kafka/produce_partition.h"

#include <cassert>
#include <chrono>
#include <memory>

#include <boost/asio/this_coro.hpp>

#include "cluster/topic_name.h"
#include "kafka/topic_compression.h"
#include "kafka/wait_group.h"
#include "storage/clock.h"

namespace sb::kafka {
namespace {

constexpr int16_t k_acks_all = -1;

void fail(partition_produce& p, error_code code, std::optional<std::string> message = std::nullopt) {
    p.error = code;
    p.error_message = std::move(message);
    p.base_offset = -1;
    p.log_append_time_ms = -1;
    p.log_start_offset = -1;
}

int64_t wall_clock_ms() { return storage::system_clock().now_ms(); }

// Validates and appends one partition's batch; true when its acks=all wait is needed.
bool append_one(cluster::partition& p, partition_produce& item, const produce_settings& settings, int64_t& last_offset) {
    const iobuf& records = *item.records;
    std::vector<uint8_t> copy;
    std::span<const uint8_t> bytes;
    if (records.fragments().size() == 1) {
        bytes = records.fragments().front().bytes();
    } else {
        copy = records.linearize();  // the request frame is normally one piece; this is the rare case
        bytes = copy;
    }
    const std::string name = item.topic + "-" + std::to_string(item.index);
    const int64_t now_ms = wall_clock_ms();
    auto summary = validate_produced_records(bytes, p.config(), settings.version, now_ms, name,
                                             cluster::is_internal_topic(item.topic));
    if (!summary) {
        fail(item, summary.error().code, std::move(summary.error().message));
        item.record_errors = std::move(summary.error().record_errors);
        return false;
    }
    const auto batch_bytes = bytes.first(static_cast<std::size_t>(summary->size_bytes));
    auto recompressed = apply_topic_compression(batch_bytes, p.config(), name);
    if (!recompressed) {
        fail(item, recompressed.error().code, std::move(recompressed.error().message));
        return false;
    }
    iobuf batch;
    if (*recompressed) {
        batch = iobuf::copy_of(**recompressed);
    } else {
        batch = copy.empty() ? std::move(*item.records) : iobuf::copy_of(copy);
        // What follows the batch is not part of it (validation let only a partial batch through).
        if (batch.size_bytes() > batch_bytes.size()) batch = batch.share(0, batch_bytes.size());
    }
    auto appended = p.append(std::move(batch), *summary, now_ms);
    if (!appended) {
        fail(item, appended.error().code, std::move(appended.error().message));
        return false;
    }
    item.base_offset = appended->base_offset;
    item.log_append_time_ms = appended->log_append_time_ms;
    item.log_start_offset = p.log_start_offset();
    last_offset = appended->last_offset;
    // A retry (duplicate) waits too: its original may still be on its way to disk.
    return settings.acks == k_acks_all && p.config().log.fsync_before_ack;
}

}  // namespace

// One fsync wait of a request on one shard: which partitions still wait, and how each
// ended. Lives on that shard; the storage callbacks hold it, as they may outlive a wait
// that timed out.
struct flush_wait {
    explicit flush_wait(const boost::asio::any_io_executor& ex) : group(ex) {}
    wait_group group;
    std::vector<std::size_t> waiting;                  // indexes into the request's partitions
    std::vector<std::optional<sb::status>> outcomes;  // parallel to `waiting`
};

boost::asio::awaitable<void> append_on_owner(broker_services& services, unsigned shard,
                                             std::vector<partition_produce>& partitions,
                                             const std::vector<std::size_t>& indexes, produce_settings settings) {
    cluster::partition_manager& manager = *services.partitions;
    const bool over_delay_limit = settings.acks == k_acks_all &&
                                  static_cast<std::size_t>(services.delayed->produces(shard)) >=
                                      services.limits.delayed_produces_max;
    auto wait = std::make_shared<flush_wait>(co_await boost::asio::this_coro::executor);
    std::vector<int64_t> wait_offsets;
    for (std::size_t i : indexes) {
        partition_produce& item = partitions[i];
        cluster::partition* p = manager.find(shard, item.id);
        if (p == nullptr) {
            fail(item, error_code::not_leader_or_follower);
            continue;
        }
        if (over_delay_limit) {
            // Refused before anything is appended, so that the producer's retry is safe.
            fail(item, error_code::request_timed_out, "Too many produce requests are waiting for fsync");
            continue;
        }
        int64_t last_offset = -1;
        if (append_one(*p, item, settings, last_offset)) {
            wait->waiting.push_back(i);
            wait_offsets.push_back(last_offset);
        }
    }
    if (wait->waiting.empty()) co_return;

    // Registered now, so that an fsync finishing before the wait begins is not missed.
    wait->outcomes.resize(wait->waiting.size());
    wait->group.add(wait->waiting.size());
    for (std::size_t w = 0; w < wait->waiting.size(); ++w) {
        cluster::partition* p = manager.find(shard, partitions[wait->waiting[w]].id);
        p->log().wait_flushed(wait_offsets[w], [wait, w](sb::status flushed) {
            wait->outcomes[w] = flushed;
            wait->group.done();
        });
        partitions[wait->waiting[w]].flush = wait;
    }
    services.delayed->add_produce(shard, 1);
}

boost::asio::awaitable<void> wait_flushed_on_owner(broker_services& services, unsigned shard,
                                                   std::vector<partition_produce>& partitions,
                                                   const std::vector<std::size_t>& indexes, produce_settings settings) {
    assert(!indexes.empty());
    // Every element of this shard that waits shares the one flush_wait.
    std::shared_ptr<flush_wait> wait = partitions[indexes.front()].flush;
    assert(wait);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, settings.timeout_ms));
    auto waiting = wait->group.wait_until(deadline);
    co_await std::move(waiting);
    services.delayed->add_produce(shard, -1);
    for (std::size_t w = 0; w < wait->waiting.size(); ++w) {
        partition_produce& item = partitions[wait->waiting[w]];
        item.flush.reset();
        const auto& outcome = wait->outcomes[w];
        if (!outcome) {
            fail(item, error_code::request_timed_out);
        } else if (!*outcome) {
            fail(item, outcome->error());
        }
    }
}

}  // namespace sb::kafka

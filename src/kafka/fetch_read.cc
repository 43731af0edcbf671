#include "kafka/fetch_read.h"

#include <algorithm>
#include <cassert>

#include "cluster/async_callback.h"

namespace sb::kafka {
namespace {

// Kafka's checks of the client's idea of the leader epoch (-1: not checked).
error_code check_leader_epoch(int32_t requested, int32_t current) {
    if (requested < 0 || requested == current) return error_code::none;
    return requested > current ? error_code::unknown_leader_epoch : error_code::fenced_leader_epoch;
}

}  // namespace

boost::asio::awaitable<void> read_on_owner(broker_services& services, unsigned shard, std::vector<fetch_item>& items,
                                           const std::vector<std::size_t>& indexes, int64_t max_bytes,
                                           bool min_one) {
    cluster::partition_manager& manager = *services.partitions;
    int64_t remaining = max_bytes;
    for (std::size_t i : indexes) {
        fetch_item& item = items[i];
        item.clear_records();
        item.error = error_code::none;
        cluster::partition* p = manager.find(shard, item.id);
        if (p == nullptr) {
            item.error = error_code::not_leader_or_follower;
            continue;
        }
        // Kafka (KafkaApis' maybeConvertFetchedData) looks only at the topic's config, not
        // at the batches, and puts this error in place of any other of the partition.
        if (!item.reads_zstd && p->config().compression == protocol::compression_codec::zstd) {
            item.error = error_code::unsupported_compression_type;
            continue;
        }
        if ((item.error = check_leader_epoch(item.current_leader_epoch, p->leader_epoch())) != error_code::none) {
            continue;
        }
        item.high_watermark = p->high_watermark();
        item.last_stable_offset = item.high_watermark;  // no transactions yet
        item.log_start_offset = p->log_start_offset();
        if (item.fetch_offset < item.log_start_offset || item.fetch_offset > item.high_watermark) {
            item.error = error_code::offset_out_of_range;
            continue;
        }
        const int64_t limit = std::min<int64_t>(item.partition_max_bytes, remaining);
        if (item.fetch_offset == item.high_watermark || (limit <= 0 && !min_one)) continue;
        const int64_t fetch_offset = item.fetch_offset;
        const int64_t high_watermark = item.high_watermark;
        using read_outcome = sb::result<storage::read_result>;
        std::function<void(std::function<void(read_outcome)>)> start = [p, fetch_offset, limit,
                                                                          high_watermark](auto done) {
            p->log().read(fetch_offset, static_cast<std::size_t>(std::max<int64_t>(limit, 1)), std::move(done),
                          high_watermark);
        };
        auto reading = cluster::await_callback<read_outcome>(std::move(start),
                                                             sb::unexpected(error_code::not_leader_or_follower));
        auto read = co_await std::move(reading);
        p = manager.find(shard, item.id);  // it may have been deleted while we waited
        if (!read || p == nullptr) {
            item.error = read ? error_code::not_leader_or_follower : read.error();
            continue;
        }
        if (read->size_bytes == 0) continue;
        if (static_cast<int64_t>(read->size_bytes) > limit) {
            if (!min_one) continue;  // a later partition's batch that does not fit: nothing
            item.larger_than_limit = true;
        }
        item.ranges = std::move(read->ranges);
        item.memory = std::move(read->memory);
        item.size_bytes = read->size_bytes;
        min_one = false;
        remaining -= static_cast<int64_t>(read->size_bytes);
        p->counters().bytes_out->inc(read->size_bytes);
        p->counters().records_out->inc(static_cast<uint64_t>(read->next_offset - fetch_offset));
    }
}

std::vector<uint64_t> wait_on_owner(broker_services& services, unsigned shard, const std::vector<fetch_item>& items,
                                    const std::vector<std::size_t>& indexes, const std::function<void()>& wake) {
    std::vector<uint64_t> waits;
    for (std::size_t i : indexes) {
        const fetch_item& item = items[i];
        cluster::partition* p = services.partitions->find(shard, item.id);
        if (p == nullptr) {
            waits.push_back(0);
            wake();  // it went away: answer now
            continue;
        }
        // Wake on anything beyond what this fetch has seen.
        const int64_t seen = item.size_bytes > 0 ? std::max(item.high_watermark, item.fetch_offset) : item.fetch_offset;
        waits.push_back(p->wait_for_data(seen, wake));
    }
    return waits;
}

void cancel_on_owner(broker_services& services, unsigned shard, const std::vector<fetch_item>& items,
                     const std::vector<std::size_t>& indexes, const std::vector<uint64_t>& waits) {
    assert(indexes.size() == waits.size());
    for (std::size_t w = 0; w < indexes.size(); ++w) {
        if (waits[w] == 0) continue;
        if (cluster::partition* p = services.partitions->find(shard, items[indexes[w]].id)) p->cancel_wait(waits[w]);
    }
}

}  // namespace sb::kafka

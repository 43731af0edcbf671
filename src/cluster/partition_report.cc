#include "cluster/partition_report.h"

#include <map>

#include "cluster/cross_shard.h"

namespace sb::cluster {

namespace {

partition_report read_partition(partition_manager& partitions, unsigned shard, const partition_id& id) {
    partition_report out;
    out.partition = id.partition;
    partition* p = partitions.find(shard, id);
    if (p == nullptr) return out;
    out.online = true;
    out.leader_epoch = p->leader_epoch();
    out.log_start_offset = p->log_start_offset();
    out.high_watermark = p->high_watermark();
    out.last_stable_offset = p->high_watermark();
    out.size_bytes = p->log().size_bytes();
    out.segments = p->log().segment_count();
    return out;
}

}  // namespace

boost::asio::awaitable<std::vector<partition_report>> report_partitions(partition_manager& partitions,
                                                                          std::shared_ptr<const topic_metadata> topic) {
    // One job per owner shard, reading all of that shard's partitions of the topic.
    std::map<unsigned, std::vector<int32_t>> by_owner;
    for (int32_t index = 0; index < topic->partition_count(); ++index) {
        by_owner[partitions.owner_of({topic->id, index})].push_back(index);
    }
    using reports = std::vector<partition_report>;
    std::vector<shard_job<reports>> jobs;
    for (auto& [shard, indexes] : by_owner) {
        jobs.push_back({partitions.executor(shard),
                        [&partitions, shard = shard, indexes = indexes, topic]() -> boost::asio::awaitable<reports> {
                            reports out;
                            for (int32_t index : indexes) {
                                out.push_back(read_partition(partitions, shard, {topic->id, index}));
                            }
                            co_return out;
                        }});
    }
    auto gathering = run_on_each(std::move(jobs));
    auto per_shard = co_await std::move(gathering);
    std::vector<partition_report> out(static_cast<std::size_t>(topic->partition_count()));
    for (auto& shard_reports : per_shard) {
        for (auto& r : shard_reports) out[static_cast<std::size_t>(r.partition)] = r;
    }
    co_return out;
}

}  // namespace sb::cluster

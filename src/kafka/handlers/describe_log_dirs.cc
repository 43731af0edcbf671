// DescribeLogDirs (key 35), v0-4: the broker's log directory - its data directory - and
// the size of each partition's log in it.
//
// As Kafka's ReplicaManager.describeLogDirs: one result for the directory (its absolute
// path); its topics are every topic with a partition hosted here, sorted by name, each
// listing the partitions the request asks for (null topics: all of them) - a hosted topic
// none of whose partitions is asked for is still listed, with no partitions, as Kafka
// does. Per partition: partition_size is the bytes of its segment files, offset_lag 0
// and is_future_key false (no replica moves between directories). v4 adds the file
// system's total and usable bytes (statvfs, as Java's FileStore). When the directory
// cannot be examined the result carries KAFKA_STORAGE_ERROR and no topics. The
// top-level error_code (v3+) is NONE: there are no ACLs to refuse with.
//
// Sizes are read on each partition's owner shard; statvfs runs on the blocking pool.

#include "kafka/handlers/handlers.h"

#include <sys/statvfs.h>

#include <map>
#include <set>

#include "cluster/async_callback.h"
#include "kafka/partition_routing.h"
#include "protocol/messages/describe_log_dirs.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

struct log_size {
    std::string topic;
    cluster::partition_id id;
    bool hosted = false;  // open on its owner shard
    int64_t size_bytes = 0;
};

struct file_system_space {
    int64_t total_bytes = -1;
    int64_t usable_bytes = -1;
};

// Java's FileStore.getTotalSpace / getUsableSpace (blocks and blocks available to
// unprivileged users, times the fragment size).
sb::result<file_system_space> space_of(const std::filesystem::path& dir) {
    struct statvfs st {};
    if (::statvfs(dir.c_str(), &st) != 0) return sb::unexpected(error_code::kafka_storage_error);
    // Java's adjustForLargeFileSystems: a size that does not fit in a long is Long.MAX_VALUE.
    const auto bytes = [&](fsblkcnt_t blocks) -> int64_t {
        const uint64_t fragment = st.f_frsize == 0 ? 1 : st.f_frsize;
        if (blocks > static_cast<uint64_t>(INT64_MAX) / fragment) return INT64_MAX;
        return static_cast<int64_t>(blocks * fragment);
    };
    return file_system_space{bytes(st.f_blocks), bytes(st.f_bavail)};
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> describe_log_dirs(const request_context& ctx,
                                                                     protocol::reader& body) {
    protocol::describe_log_dirs_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());

    std::set<std::pair<std::string, int32_t>, std::less<>> wanted;
    if (request.topics) {
        for (const auto& t : *request.topics) {
            for (int32_t p : t.partitions) wanted.emplace(t.topic, p);
        }
    }
    const bool all = !request.topics.has_value();

    // Every partition in the topic table, sized on its owner.
    const auto topics = ctx.topics.snapshot();
    std::vector<log_size> sizes;
    std::vector<cluster::partition_id> ids;
    for (const auto& [name, topic] : topics->topics()) {
        for (int32_t index = 0; index < topic->partition_count(); ++index) {
            sizes.push_back({name, {topic->id, index}});
            ids.push_back(sizes.back().id);
        }
    }
    cluster::partition_manager& manager = *ctx.services.broker->partitions;
    shard_work work = [&](unsigned shard, std::vector<std::size_t> indexes) -> boost::asio::awaitable<void> {
        for (std::size_t i : indexes) {
            if (cluster::partition* p = manager.find(shard, sizes[i].id)) {
                sizes[i].hosted = true;
                sizes[i].size_bytes = static_cast<int64_t>(p->log().size_bytes());
            }
        }
        co_return;
    };
    const std::vector<bool> skip_none(ids.size(), false);  // outlives the coroutine that reads it
    auto sizing = run_on_owners(manager, ids, skip_none, std::move(work));
    co_await std::move(sizing);

    using space_result = sb::result<file_system_space>;
    std::function<space_result()> stat = [dir = ctx.config.data_dir] { return space_of(dir); };
    auto stating = cluster::run_blocking<space_result>(manager.blocking(ctx.services.shard), std::move(stat),
                                                       sb::unexpected(error_code::kafka_storage_error));
    const auto space = co_await std::move(stating);

    protocol::describe_log_dirs_response response;
    response.throttle_time_ms = 0;
    response.error_code = to_wire(error_code::none);
    auto& dir = response.results.emplace_back();
    std::error_code ec;
    dir.log_dir = std::filesystem::absolute(ctx.config.data_dir, ec).string();
    if (!space) {
        dir.error_code = to_wire(space.error());
        co_return encoded(response, ctx.api_version, space.error());
    }
    dir.error_code = to_wire(error_code::none);
    dir.total_bytes = space->total_bytes;
    dir.usable_bytes = space->usable_bytes;
    for (const auto& s : sizes) {  // sorted by topic, then partition
        if (!s.hosted) continue;
        if (dir.topics.empty() || dir.topics.back().name != s.topic) dir.topics.emplace_back().name = s.topic;
        if (!all && !wanted.contains(std::pair(s.topic, s.id.partition))) continue;
        dir.topics.back().partitions.push_back({s.id.partition, s.size_bytes, 0, false});
    }
    co_return encoded(response, ctx.api_version);
}

}  // namespace sb::kafka::handlers

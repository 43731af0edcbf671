#include "kafka/group_inspector.h"

#include <algorithm>
#include <set>

#include "cluster/cross_shard.h"
#include "kafka/group_service.h"
#include "kafka/groups/consumer_subscription.h"
#include "protocol/messages/consumer_protocol_assignment.h"
#include "protocol/reader.h"

namespace sb::kafka {
namespace {

using topic_partition_key = std::pair<std::string, int32_t>;

// topic -> partitions of a ConsumerProtocolAssignment (int16 version, then the body);
// empty when the bytes are not one.
std::map<std::string, std::vector<int32_t>> decode_assignment(const groups::bytes& bytes) {
    using assignment = protocol::consumer_protocol_assignment;
    std::map<std::string, std::vector<int32_t>> out;
    if (bytes.empty()) return out;
    protocol::reader r{std::span<const uint8_t>(bytes)};
    const int16_t version = r.read_int16();
    if (!r.ok() || version < assignment::min_version) return out;
    assignment decoded;
    if (!decoded.decode(r, std::min(version, assignment::max_version))) return out;
    for (auto& tp : decoded.assigned_partitions) {
        auto& partitions = out[tp.topic];
        partitions.insert(partitions.end(), tp.partitions.begin(), tp.partitions.end());
        std::sort(partitions.begin(), partitions.end());
    }
    return out;
}

// On the coordinator's shard.
group_overview overview_of(const groups::group& g) {
    group_overview out;
    out.group_id = g.id();
    out.state = std::string(groups::state_name(g.state()));
    out.protocol_type = g.protocol_type.value_or("");
    const bool stable = g.state() == groups::group_state::stable;
    if (stable) out.protocol_name = g.protocol_name.value_or("");
    out.generation_id = g.generation_id;
    const bool consumer = stable && g.protocol_type == groups::k_consumer_protocol_type;
    for (const groups::member* m : g.members_in_join_order()) {
        member_overview& o = out.members.emplace_back();
        o.member_id = m->member_id;
        o.group_instance_id = m->group_instance_id;
        o.client_id = m->client_id;
        o.client_host = m->client_host;
        if (consumer) o.assignment = decode_assignment(m->assignment);
    }
    for (const auto& [tp, committed] : g.offsets) {
        partition_lag& p = out.offsets.emplace_back();
        p.topic = tp.topic;
        p.partition = tp.partition;
        p.committed_offset = committed.offset;
    }
    return out;
}

// (Coroutine parameters are taken by value: a reference could outlive its argument.)
boost::asio::awaitable<std::vector<group_overview>> collect(broker_services& services,
                                                            std::optional<std::string> only) {
    group_service& gs = *services.groups;
    cluster::partition_manager& partitions = *services.partitions;
    std::vector<cluster::shard_job<std::vector<group_overview>>> jobs;
    for (unsigned shard = 0; shard < partitions.shard_count(); ++shard) {
        jobs.push_back({partitions.executor(shard),
                        [&gs, &only, shard]() -> boost::asio::awaitable<std::vector<group_overview>> {
                            std::vector<group_overview> out;
                            for (group_driver* d : gs.drivers_on(shard)) {
                                if (!d->loaded()) continue;
                                const groups::group_coordinator& c = d->coordinator();
                                if (only) {
                                    if (const groups::group* g = c.find_group(*only)) out.push_back(overview_of(*g));
                                    continue;
                                }
                                for (const auto& listed : c.list_groups({})) {
                                    if (const groups::group* g = c.find_group(listed.group_id)) {
                                        out.push_back(overview_of(*g));
                                    }
                                }
                            }
                            co_return out;
                        }});
    }
    auto collecting = cluster::run_on_each(std::move(jobs));
    auto per_shard = co_await std::move(collecting);
    std::vector<group_overview> all;
    for (auto& s : per_shard) std::move(s.begin(), s.end(), std::back_inserter(all));
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.group_id < b.group_id; });
    co_return all;
}

// High watermarks of the partitions named in `groups`, read on their owner shards.
boost::asio::awaitable<std::map<topic_partition_key, int64_t>> high_watermarks(
    broker_services& services, const cluster::topic_snapshot& topics, const std::vector<group_overview>& groups) {
    cluster::partition_manager& partitions = *services.partitions;
    std::map<unsigned, std::vector<std::pair<topic_partition_key, cluster::partition_id>>> by_shard;
    std::set<topic_partition_key> seen;
    for (const auto& g : groups) {
        for (const auto& p : g.offsets) {
            topic_partition_key key{p.topic, p.partition};
            if (!seen.insert(key).second) continue;
            const cluster::topic_metadata* meta = topics.find(p.topic);
            if (meta == nullptr || p.partition < 0 || p.partition >= meta->partition_count()) continue;
            const cluster::partition_id id{meta->id, p.partition};
            by_shard[partitions.owner_of(id)].push_back({key, id});
        }
    }
    using found = std::vector<std::pair<topic_partition_key, int64_t>>;
    std::vector<cluster::shard_job<found>> jobs;
    for (auto& [shard, wanted] : by_shard) {
        jobs.push_back({partitions.executor(shard),
                        [&partitions, shard = shard, &wanted = wanted]() -> boost::asio::awaitable<found> {
                            found out;
                            for (const auto& [key, id] : wanted) {
                                if (cluster::partition* p = partitions.find(shard, id)) {
                                    out.push_back({key, p->high_watermark()});
                                }
                            }
                            co_return out;
                        }});
    }
    auto reading = cluster::run_on_each(std::move(jobs));
    auto per_shard = co_await std::move(reading);
    std::map<topic_partition_key, int64_t> out;
    for (const auto& s : per_shard) out.insert(s.begin(), s.end());
    co_return out;
}

boost::asio::awaitable<std::vector<group_overview>> with_lag(broker_services& services,
                                                             std::optional<std::string> only) {
    auto collecting = collect(services, only);
    std::vector<group_overview> groups = co_await std::move(collecting);
    const auto topics = services.groups->topics_snapshot();
    auto reading = high_watermarks(services, *topics, groups);
    const auto watermarks = co_await std::move(reading);
    for (auto& g : groups) {
        for (auto& p : g.offsets) {
            auto it = watermarks.find({p.topic, p.partition});
            if (it == watermarks.end()) continue;
            p.high_watermark = it->second;
            p.lag = std::max<int64_t>(0, it->second - p.committed_offset);
            g.max_lag = std::max(g.max_lag, p.lag);
        }
    }
    co_return groups;
}

}  // namespace

boost::asio::awaitable<std::vector<group_overview>> group_inspector::groups() const {
    auto listing = with_lag(*services_, std::nullopt);
    co_return co_await std::move(listing);
}

boost::asio::awaitable<std::optional<group_overview>> group_inspector::group(std::string group_id) const {
    auto finding = with_lag(*services_, std::optional<std::string>(std::move(group_id)));
    auto found = co_await std::move(finding);
    if (found.empty()) co_return std::nullopt;
    co_return std::move(found.front());
}

}  // namespace sb::kafka

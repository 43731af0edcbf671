#include "cli/topic_metadata.h"

#include <algorithm>

#include "cli/kafka_client.h"

namespace sb::cli {
namespace {

topic_info to_topic_info(const rd_kafka_metadata_topic_t& t) {
    topic_info info{t.topic, {}};
    for (int i = 0; i < t.partition_cnt; ++i) {
        const auto& p = t.partitions[i];
        info.partitions.push_back({p.id, p.leader, std::vector<int>(p.replicas, p.replicas + p.replica_cnt),
                                   std::vector<int>(p.isrs, p.isrs + p.isr_cnt)});
    }
    std::sort(info.partitions.begin(), info.partitions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return info;
}

}  // namespace

std::vector<topic_info> topics_of(const rd_kafka_metadata_t& md) {
    std::vector<topic_info> out;
    for (int i = 0; i < md.topic_cnt; ++i) {
        if (md.topics[i].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;
        out.push_back(to_topic_info(md.topics[i]));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

result<topic_info, std::string> fetch_topic(rd_kafka_t* rk, const connection_options& options, const std::string& name,
                                            topic_lookup lookup) {
    auto md = lookup == topic_lookup::existing ? fetch_metadata(rk, options, true)
                                               : fetch_topic_metadata(rk, options, name);
    if (!md) return unexpected(md.error());
    for (int i = 0; i < (*md)->topic_cnt; ++i) {
        const auto& t = (*md)->topics[i];
        if (name != t.topic) continue;
        if (t.err && t.err != RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
            return unexpected("topic \"" + name + "\": " + describe_error(t.err));
        return to_topic_info(t);
    }
    return unexpected("topic \"" + name + "\" does not exist");
}

result<offset_range, std::string> partition_offset_range(rd_kafka_t* rk, const topic_partition& tp, int timeout_ms) {
    offset_range r;
    auto err = rd_kafka_query_watermark_offsets(rk, tp.topic.c_str(), tp.partition, &r.log_start, &r.high_watermark,
                                                timeout_ms);
    if (err) {
        return unexpected("cannot read the offsets of \"" + tp.topic + "\" partition " + std::to_string(tp.partition) +
                          ": " + describe_error(err));
    }
    return r;
}

}  // namespace sb::cli

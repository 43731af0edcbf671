#include "cli/consume_start.h"

#include <algorithm>

namespace sb::cli {
namespace {

// librdkafka's logical offset for a start that needs no lookup.
int64_t logical_offset(const offset_spec& start) {
    switch (start.what) {
        case offset_spec::kind::earliest: return RD_KAFKA_OFFSET_BEGINNING;
        case offset_spec::kind::latest: return RD_KAFKA_OFFSET_END;
        case offset_spec::kind::absolute: return start.value;
        case offset_spec::kind::from_end: return RD_KAFKA_OFFSET_TAIL(start.value);
        case offset_spec::kind::timestamp: return start.value;  // replaced by offsets_for_times
    }
    return RD_KAFKA_OFFSET_BEGINNING;
}

}  // namespace

result<partition_list_ptr, std::string> start_positions(rd_kafka_t* rk, const connection_options& options,
                                                        const std::vector<topic_info>& topics,
                                                        const std::vector<int>& partitions, const offset_spec& start) {
    partition_list_ptr list(rd_kafka_topic_partition_list_new(0));
    for (const auto& t : topics) {
        for (const auto& p : t.partitions) {
            if (!partitions.empty() && std::find(partitions.begin(), partitions.end(), p.id) == partitions.end())
                continue;
            rd_kafka_topic_partition_list_add(list.get(), t.name.c_str(), p.id)->offset = logical_offset(start);
        }
        for (int wanted : partitions) {
            bool found = std::any_of(t.partitions.begin(), t.partitions.end(), [&](const auto& p) { return p.id == wanted; });
            if (!found) return unexpected("topic \"" + t.name + "\" has no partition " + std::to_string(wanted));
        }
    }
    if (start.what == offset_spec::kind::absolute) {
        // Without this, librdkafka would answer OFFSET_OUT_OF_RANGE with auto.offset.reset
        // and read a partition from its start when the offset is past its end.
        for (int i = 0; i < list->cnt; ++i) {
            auto& tp = list->elems[i];
            auto range = partition_offset_range(rk, {tp.topic, tp.partition}, options.timeout_ms);
            if (!range) return unexpected(range.error());
            tp.offset = std::clamp(tp.offset, range->log_start, range->high_watermark);
        }
        return list;
    }
    if (start.what != offset_spec::kind::timestamp) return list;

    if (auto err = rd_kafka_offsets_for_times(rk, list.get(), options.timeout_ms))
        return unexpected("cannot find the offsets for timestamp " + std::to_string(start.value) + ": " + describe_error(err));
    for (int i = 0; i < list->cnt; ++i) {
        auto& tp = list->elems[i];
        if (tp.err) {
            return unexpected("cannot find the offset for timestamp " + std::to_string(start.value) + " in \"" +
                              tp.topic + "\" partition " + std::to_string(tp.partition) + ": " + describe_error(tp.err));
        }
        if (tp.offset < 0) tp.offset = RD_KAFKA_OFFSET_END;  // no record that late yet
    }
    return list;
}

}  // namespace sb::cli

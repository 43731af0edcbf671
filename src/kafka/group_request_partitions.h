#pragma once
// The partitions named by an OffsetCommit or OffsetDelete request: Kafka answers those of
// topics (or partition indexes) it does not have with UNKNOWN_TOPIC_OR_PARTITION and
// hands only the others to the coordinator. These helpers keep the request's order.

#include <cstdint>
#include <vector>

#include "base/error_code.h"
#include "cluster/topic_snapshot.h"
#include "kafka/groups/group_requests.h"

namespace sb::kafka {

struct known_partitions {
    std::vector<int64_t> slots;                   // per request partition: index in `known`, or -1
    std::vector<groups::topic_partition> known;   // the partitions that exist, in request order
};

// `topics`: the request's topics, each with `name` and `partitions` (with partition_index).
template <class Topics>
known_partitions known_partitions_of(const cluster::topic_snapshot& snapshot, const Topics& topics) {
    known_partitions out;
    for (const auto& t : topics) {
        const cluster::topic_metadata* meta = snapshot.find(t.name);
        for (const auto& p : t.partitions) {
            const bool known = meta != nullptr && p.partition_index >= 0 && p.partition_index < meta->partition_count();
            out.slots.push_back(known ? static_cast<int64_t>(out.known.size()) : -1);
            if (known) out.known.push_back({t.name, p.partition_index});
        }
    }
    return out;
}

// Fills the response's topics (name, partitions with partition_index and error_code) in
// the request's order: each known partition gets its error from `errors` (the
// coordinator's answer for `known`, in the same order). Returns the first error.
template <class ResponseTopics, class RequestTopics>
error_code answer_partitions(ResponseTopics& out, const RequestTopics& topics, const known_partitions& partitions,
                             const std::vector<groups::partition_error>& errors) {
    error_code first = error_code::none;
    std::size_t next = 0;
    for (const auto& t : topics) {
        auto& topic = out.emplace_back();
        topic.name = t.name;
        for (const auto& p : t.partitions) {
            const int64_t slot = partitions.slots[next++];
            error_code e = error_code::unknown_topic_or_partition;
            if (slot >= 0 && static_cast<std::size_t>(slot) < errors.size()) e = errors[static_cast<std::size_t>(slot)].error;
            auto& answered = topic.partitions.emplace_back();
            answered.partition_index = p.partition_index;
            answered.error_code = to_wire(e);
            if (first == error_code::none) first = e;
        }
    }
    return first;
}

}  // namespace sb::kafka

#include "cluster/partition_growth.h"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>

namespace sb::cluster {
namespace {

sb::unexpected<topic_error> refuse(error_code code, std::string message) {
    return sb::unexpected(topic_error{code, std::move(message)});
}

}  // namespace

sb::result<topic_metadata, topic_error> plan_partition_growth(const topic_metadata& topic,
                                                              const partition_growth_request& request,
                                                              const topic_creation_policy& policy,
                                                              std::span<const int32_t> live_broker_ids) {
    assert(!live_broker_ids.empty() && std::is_sorted(live_broker_ids.begin(), live_broker_ids.end()));
    assert(topic.partition_count() > 0);
    const int32_t current = topic.partition_count();
    if (request.count == current) {
        return refuse(error_code::invalid_partitions, fmt::format("Topic already has {} partition(s).", current));
    }
    if (request.count < current) {
        return refuse(error_code::invalid_partitions,
                      fmt::format("The topic {} currently has {} partition(s); {} would not be an increase.", topic.name,
                                  current, request.count));
    }
    const int32_t additional = request.count - current;
    if (request.assignments && request.assignments->size() != static_cast<std::size_t>(additional)) {
        return refuse(error_code::invalid_replica_assignment,
                      fmt::format("Attempted to add {} additional partition(s), but only {} assignment(s) were specified.",
                                  additional, request.assignments->size()));
    }
    // Our own guard, as at creation (topic.partitions.max); Kafka has none.
    if (request.count > policy.partition_count_max) {
        return refuse(error_code::invalid_partitions,
                      fmt::format("Number of partitions {} is above the limit of {} (topic.partitions.max).",
                                  request.count, policy.partition_count_max));
    }
    const auto factor = static_cast<std::size_t>(topic.replication_factor());
    topic_metadata grown = topic;
    if (request.assignments) {
        for (const auto& replicas : *request.assignments) {
            if (auto problem = replica_assignment_problem(replicas, factor, live_broker_ids)) {
                return refuse(error_code::invalid_replica_assignment, std::move(*problem));
            }
            grown.replicas_by_partition.push_back(replicas);
        }
        return grown;
    }
    if (factor > live_broker_ids.size()) {
        return refuse(error_code::invalid_replication_factor,
                      fmt::format("The target replication factor of {} cannot be reached because only {} broker(s) "
                                  "are registered.",
                                  factor, live_broker_ids.size()));
    }
    for (auto& replicas : place_round_robin(static_cast<std::size_t>(current), static_cast<std::size_t>(additional),
                                            factor, live_broker_ids)) {
        grown.replicas_by_partition.push_back(std::move(replicas));
    }
    return grown;
}

}  // namespace sb::cluster

#include "cluster/topic_creation.h"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cluster/partition_config.h"
#include "cluster/random_uuid.h"
#include "cluster/topic_config_schema.h"
#include "cluster/topic_name.h"

namespace sb::cluster {
namespace {

sb::unexpected<topic_error> refuse(error_code code, std::string message) {
    return sb::unexpected(topic_error{code, std::move(message)});
}

std::string partition_limit_message(std::size_t partitions, const topic_creation_policy& policy) {
    return fmt::format("Number of partitions {} is above the limit of {} (topic.partitions.max).", partitions,
                       policy.partition_count_max);
}

sb::result<std::vector<std::vector<int32_t>>, topic_error> manual_placement(const topic_creation_request& request,
                                                                            const topic_creation_policy& policy,
                                                                            std::span<const int32_t> live_broker_ids) {
    if (request.replication_factor != -1) {
        return refuse(error_code::invalid_request,
                      "A manual partition assignment was specified, but replication factor was not set to -1.");
    }
    if (request.num_partitions != -1) {
        return refuse(error_code::invalid_request,
                      "A manual partition assignment was specified, but numPartitions was not set to -1.");
    }
    if (request.assignments.size() > static_cast<std::size_t>(policy.partition_count_max)) {
        return refuse(error_code::invalid_partitions, partition_limit_message(request.assignments.size(), policy));
    }
    std::vector<std::vector<int32_t>> replicas(request.assignments.size());
    std::vector<bool> seen(request.assignments.size(), false);
    std::optional<std::size_t> replica_count;
    for (const auto& assignment : request.assignments) {
        const int32_t index = assignment.partition_index;
        if (index >= 0 && static_cast<std::size_t>(index) < seen.size() && seen[static_cast<std::size_t>(index)]) {
            return refuse(error_code::invalid_replica_assignment,
                          fmt::format("Found multiple manual partition assignments for partition {}", index));
        }
        if (auto problem = replica_assignment_problem(assignment.broker_ids, replica_count, live_broker_ids)) {
            return refuse(error_code::invalid_replica_assignment, std::move(*problem));
        }
        replica_count = assignment.broker_ids.size();
        if (index < 0 || static_cast<std::size_t>(index) >= seen.size()) {
            return refuse(error_code::invalid_replica_assignment,
                          "partitions should be a consecutive 0-based integer sequence");
        }
        seen[static_cast<std::size_t>(index)] = true;
        replicas[static_cast<std::size_t>(index)] = assignment.broker_ids;
    }
    return replicas;
}

sb::result<std::vector<std::vector<int32_t>>, topic_error> automatic_placement(const topic_creation_request& request,
                                                                               const topic_creation_policy& policy,
                                                                               std::span<const int32_t> live_broker_ids) {
    if (request.replication_factor < -1 || request.replication_factor == 0) {
        return refuse(error_code::invalid_replication_factor,
                      "Replication factor must be larger than 0, or -1 to use the default value.");
    }
    if (request.num_partitions < -1 || request.num_partitions == 0) {
        return refuse(error_code::invalid_partitions, "Number of partitions was set to an invalid non-positive value.");
    }
    const int32_t partitions = request.num_partitions == -1 ? policy.default_partition_count : request.num_partitions;
    const int16_t factor = request.replication_factor == -1 ? policy.default_replication_factor : request.replication_factor;
    if (partitions > policy.partition_count_max) {
        return refuse(error_code::invalid_partitions, partition_limit_message(static_cast<std::size_t>(partitions), policy));
    }
    if (static_cast<std::size_t>(factor) > live_broker_ids.size()) {
        return refuse(error_code::invalid_replication_factor,
                      fmt::format("Unable to replicate the partition {} time(s): The target replication factor of {} "
                                  "cannot be reached because only {} broker(s) are registered.",
                                  factor, factor, live_broker_ids.size()));
    }
    return place_round_robin(0, static_cast<std::size_t>(partitions), static_cast<std::size_t>(factor),
                             live_broker_ids);
}

}  // namespace

std::optional<std::string> replica_assignment_problem(const std::vector<int32_t>& broker_ids,
                                                      std::optional<std::size_t> replica_count,
                                                      std::span<const int32_t> live_broker_ids) {
    if (broker_ids.empty()) return "The manual partition assignment includes an empty replica list.";
    std::vector<int32_t> sorted = broker_ids;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (!std::binary_search(live_broker_ids.begin(), live_broker_ids.end(), sorted[i])) {
            return fmt::format("The manual partition assignment includes broker {}, but no such broker is registered.",
                               sorted[i]);
        }
        if (i > 0 && sorted[i] == sorted[i - 1]) {
            return fmt::format("The manual partition assignment includes the broker {} more than once.", sorted[i]);
        }
    }
    if (replica_count && sorted.size() != *replica_count) {
        return fmt::format("The manual partition assignment includes a partition with {} replica(s), but this is not "
                           "consistent with previous partitions, which have {} replica(s).",
                           sorted.size(), *replica_count);
    }
    return std::nullopt;
}

std::vector<std::vector<int32_t>> place_round_robin(std::size_t first_partition, std::size_t count,
                                                    std::size_t replication_factor,
                                                    std::span<const int32_t> live_broker_ids) {
    assert(replication_factor <= live_broker_ids.size());
    std::vector<std::vector<int32_t>> replicas(count);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t r = 0; r < replication_factor; ++r) {
            replicas[i].push_back(live_broker_ids[(first_partition + i + r) % live_broker_ids.size()]);
        }
    }
    return replicas;
}

sb::result<topic_metadata, topic_error> plan_topic_creation(const topic_creation_request& request,
                                                            const topic_snapshot& topics,
                                                            const topic_creation_policy& policy,
                                                            std::span<const int32_t> live_broker_ids) {
    assert(!live_broker_ids.empty() && std::is_sorted(live_broker_ids.begin(), live_broker_ids.end()));
    if (auto valid = validate_topic_name(request.name); !valid) {
        return refuse(error_code::invalid_topic_exception, valid.error());
    }
    if (topics.find(request.name)) {
        return refuse(error_code::topic_already_exists, fmt::format("Topic '{}' already exists.", request.name));
    }
    if (const topic_metadata* other = topics.find_colliding(request.name)) {
        return refuse(error_code::invalid_topic_exception,
                      fmt::format("Topic '{}' collides with existing topic: {}", request.name, other->name));
    }

    topic_metadata topic;
    topic.name = request.name;
    std::vector<std::string> null_configs;
    for (const auto& [name, value] : request.configs) {
        if (!value) {
            null_configs.push_back(name);
        } else {
            topic.configs.insert_or_assign(name, *value);  // a repeated name: the last one wins, as in Kafka
        }
    }
    if (!null_configs.empty()) {
        return refuse(error_code::invalid_config,
                      fmt::format("Null value not supported for topic configs: {}", fmt::join(null_configs, ",")));
    }
    for (const auto& [name, value] : topic.configs) {
        if (!find_topic_config(name)) {
            return refuse(error_code::invalid_config, fmt::format("Unknown topic config name: {}", name));
        }
    }
    if (auto parsed = validate_topic_configs(topic.configs, {}); !parsed) return sb::unexpected(std::move(parsed).error());

    auto replicas = request.assignments.empty() ? automatic_placement(request, policy, live_broker_ids)
                                                : manual_placement(request, policy, live_broker_ids);
    if (!replicas) return sb::unexpected(std::move(replicas).error());
    topic.replicas_by_partition = std::move(*replicas);
    topic.id = random_uuid();
    assert(topic.partition_count() > 0 && topic.replication_factor() > 0);
    return topic;
}

}  // namespace sb::cluster

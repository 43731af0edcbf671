#include "cluster/partition_growth.h"

#include <gtest/gtest.h>

#include "cluster/random_uuid.h"

namespace sb::cluster {
namespace {

using replicas = std::vector<std::vector<int32_t>>;

const int32_t k_one_broker[] = {1};
const int32_t k_three_brokers[] = {1, 2, 3};

topic_metadata topic_with(replicas assignment) {
    topic_metadata topic;
    topic.name = "orders";
    topic.id = random_uuid();
    topic.replicas_by_partition = std::move(assignment);
    topic.configs["retention.ms"] = "1000";
    return topic;
}

partition_growth_request to(int32_t count, std::optional<replicas> assignments = std::nullopt) {
    return partition_growth_request{count, std::move(assignments)};
}

void expect_refused(const sb::result<topic_metadata, topic_error>& r, error_code code, const std::string& message) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(r.error().message, message);
}

TEST(partition_growth, adds_partitions_round_robin_and_keeps_the_rest) {
    const topic_metadata before = topic_with({{1}, {1}});
    auto grown = plan_partition_growth(before, to(5), {}, k_one_broker);
    ASSERT_TRUE(grown.has_value());
    EXPECT_EQ(grown->replicas_by_partition, (replicas{{1}, {1}, {1}, {1}, {1}}));
    EXPECT_EQ(grown->id, before.id);
    EXPECT_EQ(grown->name, before.name);
    EXPECT_EQ(grown->configs, before.configs);

    // Placement continues where the existing partitions stopped.
    auto spread = plan_partition_growth(topic_with({{1, 2}, {2, 3}}), to(5), {}, k_three_brokers);
    ASSERT_TRUE(spread.has_value());
    EXPECT_EQ(spread->replicas_by_partition, (replicas{{1, 2}, {2, 3}, {3, 1}, {1, 2}, {2, 3}}));
}

TEST(partition_growth, count_must_grow_with_kafkas_messages) {
    const topic_metadata t = topic_with({{1}, {1}, {1}});
    expect_refused(plan_partition_growth(t, to(3), {}, k_one_broker), error_code::invalid_partitions,
                   "Topic already has 3 partition(s).");
    expect_refused(plan_partition_growth(t, to(2), {}, k_one_broker), error_code::invalid_partitions,
                   "The topic orders currently has 3 partition(s); 2 would not be an increase.");
    expect_refused(plan_partition_growth(t, to(-1), {}, k_one_broker), error_code::invalid_partitions,
                   "The topic orders currently has 3 partition(s); -1 would not be an increase.");
    topic_creation_policy small;
    small.partition_count_max = 4;
    expect_refused(plan_partition_growth(t, to(5), small, k_one_broker), error_code::invalid_partitions,
                   "Number of partitions 5 is above the limit of 4 (topic.partitions.max).");
    EXPECT_TRUE(plan_partition_growth(t, to(4), small, k_one_broker).has_value());
}

TEST(partition_growth, manual_assignments_are_checked_like_kafka) {
    const topic_metadata t = topic_with({{1}});
    auto manual = plan_partition_growth(t, to(3, replicas{{1}, {1}}), {}, k_one_broker);
    ASSERT_TRUE(manual.has_value());
    EXPECT_EQ(manual->replicas_by_partition, (replicas{{1}, {1}, {1}}));

    expect_refused(plan_partition_growth(t, to(4, replicas{{1}}), {}, k_one_broker),
                   error_code::invalid_replica_assignment,
                   "Attempted to add 3 additional partition(s), but only 1 assignment(s) were specified.");
    expect_refused(plan_partition_growth(t, to(2, replicas{{1}, {1}}), {}, k_one_broker),
                   error_code::invalid_replica_assignment,
                   "Attempted to add 1 additional partition(s), but only 2 assignment(s) were specified.");
    expect_refused(plan_partition_growth(t, to(2, replicas{}), {}, k_one_broker), error_code::invalid_replica_assignment,
                   "Attempted to add 1 additional partition(s), but only 0 assignment(s) were specified.");
    expect_refused(plan_partition_growth(t, to(2, replicas{{}}), {}, k_one_broker), error_code::invalid_replica_assignment,
                   "The manual partition assignment includes an empty replica list.");
    expect_refused(plan_partition_growth(t, to(2, replicas{{12}}), {}, k_one_broker),
                   error_code::invalid_replica_assignment,
                   "The manual partition assignment includes broker 12, but no such broker is registered.");
    expect_refused(plan_partition_growth(topic_with({{1, 2}}), to(2, replicas{{2, 2}}), {}, k_three_brokers),
                   error_code::invalid_replica_assignment,
                   "The manual partition assignment includes the broker 2 more than once.");
    expect_refused(plan_partition_growth(t, to(2, replicas{{1, 2}}), {}, k_three_brokers),
                   error_code::invalid_replica_assignment,
                   "The manual partition assignment includes a partition with 2 replica(s), but this is not consistent "
                   "with previous partitions, which have 1 replica(s).");
    // The count is checked before the assignments.
    expect_refused(plan_partition_growth(t, to(1, replicas{{7}}), {}, k_one_broker), error_code::invalid_partitions,
                   "Topic already has 1 partition(s).");
}

TEST(partition_growth, replication_factor_above_the_live_brokers) {
    // A topic whose replicas name brokers that are gone (replication factor 3, one broker).
    const topic_metadata t = topic_with({{1, 2, 3}});
    expect_refused(plan_partition_growth(t, to(2), {}, k_one_broker), error_code::invalid_replication_factor,
                   "The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.");
}

}  // namespace
}  // namespace sb::cluster

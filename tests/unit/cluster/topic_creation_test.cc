#include "cluster/topic_creation.h"

#include <gtest/gtest.h>

#include "cluster/random_uuid.h"

namespace sb::cluster {
namespace {

const std::vector<int32_t> k_one_broker{7};
const std::vector<int32_t> k_three_brokers{1, 2, 3};

topic_snapshot with_topics(std::initializer_list<const char*> names) {
    topic_snapshot snap;
    for (const char* name : names) {
        topic_metadata t;
        t.name = name;
        t.id = random_uuid();
        t.replicas_by_partition = {{7}};
        snap = snap.with_topic(std::make_shared<const topic_metadata>(std::move(t)));
    }
    return snap;
}

topic_creation_request named(std::string name) {
    topic_creation_request r;
    r.name = std::move(name);
    return r;
}

void expect_refused(const topic_creation_request& request, const topic_snapshot& topics, error_code code,
                    const std::string& message, std::span<const int32_t> brokers = k_one_broker) {
    auto plan = plan_topic_creation(request, topics, topic_creation_policy{}, brokers);
    ASSERT_FALSE(plan.has_value()) << request.name;
    EXPECT_EQ(plan.error().code, code) << request.name;
    EXPECT_EQ(plan.error().message, message) << request.name;
}

TEST(topic_creation, defaults_apply_to_minus_one) {
    topic_creation_policy policy;
    policy.default_partition_count = 3;
    auto plan = plan_topic_creation(named("t"), topic_snapshot(), policy, k_one_broker);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->name, "t");
    EXPECT_FALSE(plan->id.is_nil());
    EXPECT_EQ(plan->replicas_by_partition, (std::vector<std::vector<int32_t>>{{7}, {7}, {7}}));
    EXPECT_TRUE(plan->configs.empty());
}

TEST(topic_creation, explicit_counts_place_round_robin) {
    topic_creation_request r = named("t");
    r.num_partitions = 4;
    r.replication_factor = 2;
    auto plan = plan_topic_creation(r, topic_snapshot(), topic_creation_policy{}, k_three_brokers);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->replicas_by_partition, (std::vector<std::vector<int32_t>>{{1, 2}, {2, 3}, {3, 1}, {1, 2}}));
}

TEST(topic_creation, configs_are_stored_as_given_last_one_wins) {
    topic_creation_request r = named("t");
    r.configs = {{"retention.ms", "5"}, {"cleanup.policy", "compact"}, {"retention.ms", "6"}};
    auto plan = plan_topic_creation(r, topic_snapshot(), topic_creation_policy{}, k_one_broker);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->configs, (std::map<std::string, std::string, std::less<>>{{"cleanup.policy", "compact"},
                                                                              {"retention.ms", "6"}}));
}

TEST(topic_creation, refusals_with_kafka_codes_and_messages) {
    const topic_snapshot existing = with_topics({"taken", "a.b"});
    expect_refused(named("bad name"), existing, error_code::invalid_topic_exception,
                   "Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
    expect_refused(named(""), existing, error_code::invalid_topic_exception, "Topic name is illegal, it can't be empty");
    expect_refused(named("taken"), existing, error_code::topic_already_exists, "Topic 'taken' already exists.");
    expect_refused(named("a.b"), existing, error_code::topic_already_exists, "Topic 'a.b' already exists.");
    expect_refused(named("a_b"), existing, error_code::invalid_topic_exception,
                   "Topic 'a_b' collides with existing topic: a.b");

    topic_creation_request nulls = named("n");
    nulls.configs = {{"retention.ms", std::nullopt}, {"cleanup.policy", "delete"}, {"segment.ms", std::nullopt}};
    expect_refused(nulls, existing, error_code::invalid_config,
                   "Null value not supported for topic configs: retention.ms,segment.ms");

    topic_creation_request unknown = named("u");
    unknown.configs = {{"retention.ms", "1"}, {"no.such.config", "1"}};
    expect_refused(unknown, existing, error_code::invalid_config, "Unknown topic config name: no.such.config");

    topic_creation_request zero_rf = named("z");
    zero_rf.replication_factor = 0;
    expect_refused(zero_rf, existing, error_code::invalid_replication_factor,
                   "Replication factor must be larger than 0, or -1 to use the default value.");
    zero_rf.replication_factor = -2;
    expect_refused(zero_rf, existing, error_code::invalid_replication_factor,
                   "Replication factor must be larger than 0, or -1 to use the default value.");

    topic_creation_request zero_parts = named("p");
    zero_parts.num_partitions = 0;
    expect_refused(zero_parts, existing, error_code::invalid_partitions,
                   "Number of partitions was set to an invalid non-positive value.");
    zero_parts.num_partitions = -5;
    expect_refused(zero_parts, existing, error_code::invalid_partitions,
                   "Number of partitions was set to an invalid non-positive value.");
    zero_parts.num_partitions = 10'001;
    expect_refused(zero_parts, existing, error_code::invalid_partitions,
                   "Number of partitions 10001 is above the limit of 10000 (topic.partitions.max).");

    topic_creation_request big_rf = named("r");
    big_rf.replication_factor = 3;
    expect_refused(big_rf, existing, error_code::invalid_replication_factor,
                   "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be "
                   "reached because only 1 broker(s) are registered.");
}

TEST(topic_creation, manual_assignment) {
    topic_creation_request r = named("m");
    r.assignments = {{1, {2, 3}}, {0, {3, 1}}};
    auto plan = plan_topic_creation(r, topic_snapshot(), topic_creation_policy{}, k_three_brokers);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->replicas_by_partition, (std::vector<std::vector<int32_t>>{{3, 1}, {2, 3}}));
}

TEST(topic_creation, manual_assignment_refusals) {
    const topic_snapshot none;
    auto with = [](std::vector<manual_partition_assignment> a) {
        topic_creation_request r = named("m");
        r.assignments = std::move(a);
        return r;
    };
    topic_creation_request rf_set = with({{0, {7}}});
    rf_set.replication_factor = 1;
    expect_refused(rf_set, none, error_code::invalid_request,
                   "A manual partition assignment was specified, but replication factor was not set to -1.");
    topic_creation_request parts_set = with({{0, {7}}});
    parts_set.num_partitions = 1;
    expect_refused(parts_set, none, error_code::invalid_request,
                   "A manual partition assignment was specified, but numPartitions was not set to -1.");
    expect_refused(with({{0, {}}}), none, error_code::invalid_replica_assignment,
                   "The manual partition assignment includes an empty replica list.");
    expect_refused(with({{0, {8}}}), none, error_code::invalid_replica_assignment,
                   "The manual partition assignment includes broker 8, but no such broker is registered.");
    expect_refused(with({{0, {1, 1}}}), none, error_code::invalid_replica_assignment,
                   "The manual partition assignment includes the broker 1 more than once.", k_three_brokers);
    expect_refused(with({{0, {1}}, {1, {1, 2}}}), none, error_code::invalid_replica_assignment,
                   "The manual partition assignment includes a partition with 2 replica(s), but this is not "
                   "consistent with previous partitions, which have 1 replica(s).",
                   k_three_brokers);
    expect_refused(with({{0, {7}}, {0, {7}}}), none, error_code::invalid_replica_assignment,
                   "Found multiple manual partition assignments for partition 0");
    expect_refused(with({{0, {7}}, {2, {7}}}), none, error_code::invalid_replica_assignment,
                   "partitions should be a consecutive 0-based integer sequence");
    expect_refused(with({{-1, {7}}}), none, error_code::invalid_replica_assignment,
                   "partitions should be a consecutive 0-based integer sequence");
}

}  // namespace
}  // namespace sb::cluster

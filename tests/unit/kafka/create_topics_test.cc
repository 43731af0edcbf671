#include <gtest/gtest.h>

#include "cluster/topic_config_schema.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/create_topics.h"

namespace sb::kafka::testing {
namespace {

using protocol::create_topics_request;
using protocol::create_topics_response;
using creatable_topic = create_topics_request::creatable_topic;
using topic_result = create_topics_response::creatable_topic_result;

int16_t header_version(int16_t version) { return version >= 5 ? 1 : 0; }

creatable_topic topic(std::string name, int32_t partitions = -1, int16_t replication_factor = -1) {
    return creatable_topic{std::move(name), partitions, replication_factor, {}, {}};
}

class create_topics_test : public dispatcher_test {
protected:
    explicit create_topics_test(cluster::topic_config_defaults defaults = {})
        : dispatcher_test(test_config(), {}, std::move(defaults)) {}

    create_topics_response create(std::vector<creatable_topic> topics, int16_t version, bool validate_only = false) {
        create_topics_request request;
        request.topics = std::move(topics);
        request.validate_only = validate_only;
        return decode_response<create_topics_response>(send(encode_request(request, version)), version,
                                                       header_version(version));
    }

    // The expected error result at `version` (fields a version lacks decode to defaults).
    static topic_result failure(std::string name, int16_t code, std::string message, int16_t version) {
        topic_result out;
        out.name = std::move(name);
        out.error_code = code;
        out.error_message = version >= 1 ? std::optional<std::string>(std::move(message)) : std::optional<std::string>("");
        return out;
    }
};

TEST_F(create_topics_test, creates_at_every_version_with_the_fields_of_that_version) {
    for (int16_t version = 0; version <= 7; ++version) {
        const std::string name = "t" + std::to_string(version);
        creatable_topic wanted = topic(name, 3, 1);
        wanted.configs.push_back({"retention.ms", "1000"});
        create_topics_response response = create({wanted}, version);
        ASSERT_EQ(response.topics.size(), 1u);
        const topic_result& result = response.topics[0];

        const cluster::topic_metadata* stored = topics_->snapshot()->find(name);
        ASSERT_NE(stored, nullptr) << version;
        EXPECT_EQ(stored->partition_count(), 3);
        EXPECT_EQ(stored->replicas_by_partition, (std::vector<std::vector<int32_t>>(3, {k_node_id})));
        EXPECT_EQ(stored->configs, (std::map<std::string, std::string, std::less<>>{{"retention.ms", "1000"}}));

        EXPECT_EQ(result.name, name);
        EXPECT_EQ(result.error_code, 0);
        EXPECT_EQ(result.topic_id, version >= 7 ? stored->id : protocol::uuid::nil());
        EXPECT_EQ(result.error_message, version >= 1 ? std::nullopt : std::optional<std::string>(""));
        EXPECT_EQ(result.num_partitions, version >= 5 ? 3 : -1);
        EXPECT_EQ(result.replication_factor, version >= 5 ? 1 : -1);
        if (version < 5) {
            EXPECT_EQ(result.configs, std::optional<std::vector<create_topics_response::creatable_topic_configs>>(
                                          std::in_place));
            continue;
        }
        ASSERT_TRUE(result.configs.has_value());
        const auto& configs = *result.configs;
        ASSERT_EQ(configs.size(), cluster::topic_config_definitions().size());
        for (std::size_t i = 0; i < configs.size(); ++i) {
            const auto& def = cluster::topic_config_definitions()[i];
            EXPECT_EQ(configs[i].name, def.name);
            const bool is_set = def.name == "retention.ms";
            EXPECT_EQ(configs[i].value, is_set ? "1000" : std::string(def.default_value)) << def.name;
            EXPECT_EQ(configs[i].config_source, is_set ? 1 : 5) << def.name;
            EXPECT_FALSE(configs[i].read_only);
            EXPECT_FALSE(configs[i].is_sensitive);
        }
        EXPECT_EQ(configs.front().name, "cleanup.policy");
        EXPECT_EQ(configs.front().value, "delete");
    }
}

TEST_F(create_topics_test, defaults_for_minus_one) {
    create_topics_response response = create({topic("d")}, 7);
    ASSERT_EQ(response.topics.size(), 1u);
    EXPECT_EQ(response.topics[0].num_partitions, 1);
    EXPECT_EQ(response.topics[0].replication_factor, 1);
    EXPECT_EQ(topics_->snapshot()->find("d")->partition_count(), 1);
}

TEST_F(create_topics_test, errors_with_kafka_codes_and_messages) {
    ASSERT_EQ(create({topic("taken")}, 7).topics.at(0).error_code, 0);
    creatable_topic unknown_config = topic("cfg");
    unknown_config.configs.push_back({"retention.fortnights", "2"});
    creatable_topic manual = topic("manual");
    manual.assignments.push_back({0, {k_node_id + 1}});

    for (int16_t version = 0; version <= 7; ++version) {
        create_topics_response response = create({topic("taken"), topic("bad/name"), topic("rf", 1, 3), topic("zero", 0),
                                                  unknown_config, manual, topic("dup"), topic("dup")},
                                                 version);
        std::vector<topic_result> expected = {
            failure("taken", 36, "Topic 'taken' already exists.", version),
            failure("bad/name", 17,
                    "Topic name \"bad/name\" is illegal, it contains a character other than ASCII alphanumerics, "
                    "'.', '_' and '-'",
                    version),
            failure("rf", 38,
                    "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be "
                    "reached because only 1 broker(s) are registered.",
                    version),
            failure("zero", 37, "Number of partitions was set to an invalid non-positive value.", version),
            failure("cfg", 40, "Unknown topic config name: retention.fortnights", version),
            failure("manual", 39,
                    "The manual partition assignment includes broker 8, but no such broker is registered.",
                    version),
            failure("dup", 42, "Duplicate topic name.", version),
        };
        EXPECT_EQ(response.topics, expected) << "v" << version;
    }
    EXPECT_EQ(topics_->snapshot()->size(), 1u);
}

// A broker whose configuration sets log.cleaner.max.compaction.lag.ms.
class create_topics_under_defaults_test : public create_topics_test {
protected:
    create_topics_under_defaults_test() : create_topics_test({{"max.compaction.lag.ms", "1000"}}) {}
};

// Values valid on their own that the broker's defaults contradict: the partitions could
// not run with them, so the topic is refused as AlterConfigs refuses them.
TEST_F(create_topics_under_defaults_test, configs_that_conflict_with_the_defaults_are_refused) {
    creatable_topic lagged = topic("lagged");
    lagged.configs.push_back({"min.compaction.lag.ms", "60000"});
    creatable_topic fine = topic("fine");
    fine.configs.push_back({"min.compaction.lag.ms", "1000"});
    create_topics_response response = create({lagged, fine}, 7);
    ASSERT_EQ(response.topics.size(), 2u);
    EXPECT_EQ(response.topics[0], failure("lagged", 40,
                                          "conflict topic config setting min.compaction.lag.ms (60000) > "
                                          "max.compaction.lag.ms (1000)",
                                          7));
    EXPECT_EQ(response.topics[1].error_code, 0);
    EXPECT_EQ(topics_->snapshot()->size(), 1u);
}

TEST_F(create_topics_test, manual_assignment_on_this_node) {
    creatable_topic manual = topic("manual");
    manual.assignments = {{0, {k_node_id}}, {1, {k_node_id}}};
    create_topics_response response = create({manual}, 6);
    ASSERT_EQ(response.topics.size(), 1u);
    EXPECT_EQ(response.topics[0].error_code, 0);
    EXPECT_EQ(response.topics[0].num_partitions, 2);
    EXPECT_EQ(topics_->snapshot()->find("manual")->replicas_by_partition,
              (std::vector<std::vector<int32_t>>{{k_node_id}, {k_node_id}}));
}

TEST_F(create_topics_test, validate_only_creates_nothing) {
    for (int16_t version = 1; version <= 7; ++version) {
        create_topics_response response = create({topic("check", 4, 1)}, version, true);
        ASSERT_EQ(response.topics.size(), 1u);
        EXPECT_EQ(response.topics[0].error_code, 0);
        EXPECT_EQ(response.topics[0].error_message, std::nullopt);
        EXPECT_EQ(response.topics[0].num_partitions, version >= 5 ? 4 : -1);
        EXPECT_EQ(response.topics[0].topic_id.is_nil(), version < 7);
        EXPECT_EQ(topics_->snapshot()->size(), 0u);
    }
}

TEST_F(create_topics_test, colliding_name_is_refused) {
    ASSERT_EQ(create({topic("a.b")}, 4).topics.at(0).error_code, 0);
    create_topics_response response = create({topic("a_b")}, 4);
    EXPECT_EQ(response.topics, (std::vector<topic_result>{
                                   failure("a_b", 17, "Topic 'a_b' collides with existing topic: a.b", 4)}));
}

}  // namespace
}  // namespace sb::kafka::testing

#include <gtest/gtest.h>

#include "kafka_test_fixture.h"
#include "protocol/messages/alter_configs.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/incremental_alter_configs.h"

namespace sb::kafka::testing {
namespace {

using protocol::alter_configs_request;
using protocol::alter_configs_response;
using protocol::incremental_alter_configs_request;
using protocol::incremental_alter_configs_response;
using configs = std::map<std::string, std::string, std::less<>>;

// (error code, message, resource type, resource name) of each resource's answer.
using outcome = std::tuple<int16_t, std::optional<std::string>, int8_t, std::string>;

template <class Response>
std::vector<outcome> outcomes(const Response& response) {
    EXPECT_EQ(response.throttle_time_ms, 0);
    std::vector<outcome> out;
    for (const auto& r : response.responses) out.emplace_back(r.error_code, r.error_message, r.resource_type, r.resource_name);
    return out;
}

outcome ok(std::string name, int8_t type = 2) { return {0, std::nullopt, type, std::move(name)}; }

class alter_configs_test : public dispatcher_test {
protected:
    // Creates the topic through CreateTopics, so that its partitions are open.
    void create(const std::string& name, std::vector<std::pair<std::string, std::string>> topic_configs = {}) {
        protocol::create_topics_request request;
        auto& topic = request.topics.emplace_back();
        topic.name = name;
        topic.num_partitions = 2;
        topic.replication_factor = 1;
        for (auto& [k, v] : topic_configs) topic.configs.push_back({k, v});
        auto response = decode_response<protocol::create_topics_response>(send(encode_request(request, 7)), 7, 1);
        ASSERT_EQ(response.topics.at(0).error_code, 0);
    }

    configs stored(const std::string& name) { return topics_->snapshot()->find(name)->configs; }

    // The settings partition `index` of the topic runs with.
    const cluster::partition_config& running(const std::string& name, int32_t index) {
        const cluster::partition_id id{topics_->snapshot()->find(name)->id, index};
        cluster::partition* p = services_->partitions->find(0, id);
        EXPECT_NE(p, nullptr);
        return p->config();
    }

    alter_configs_response alter(std::vector<alter_configs_request::alter_configs_resource> resources, int16_t version,
                                 bool validate_only = false) {
        alter_configs_request request;
        request.resources = std::move(resources);
        request.validate_only = validate_only;
        return decode_response<alter_configs_response>(send(encode_request(request, version)), version,
                                                       version >= 2 ? 1 : 0);
    }

    incremental_alter_configs_response incremental(
        std::vector<incremental_alter_configs_request::alter_configs_resource> resources, int16_t version,
        bool validate_only = false) {
        incremental_alter_configs_request request;
        request.resources = std::move(resources);
        request.validate_only = validate_only;
        return decode_response<incremental_alter_configs_response>(send(encode_request(request, version)), version,
                                                                   version >= 1 ? 1 : 0);
    }
};

TEST_F(alter_configs_test, alter_configs_replaces_the_whole_set_and_reaches_the_partitions) {
    for (int16_t version = 0; version <= 2; ++version) {
        const std::string name = "replace-v" + std::to_string(version);
        create(name, {{"retention.ms", "1000"}, {"cleanup.policy", "compact"}});
        ASSERT_TRUE(running(name, 1).compacted());
        auto response = alter({{2, name, {{"max.message.bytes", "2048"}, {"retention.ms", "5000"}}}}, version);
        EXPECT_EQ(outcomes(response), std::vector<outcome>{ok(name)}) << version;
        EXPECT_EQ(stored(name), (configs{{"max.message.bytes", "2048"}, {"retention.ms", "5000"}}));
        for (int32_t p = 0; p < 2; ++p) {
            EXPECT_EQ(running(name, p).log.max_message_bytes, 2048u);
            EXPECT_EQ(running(name, p).log.retention_ms, 5000);
            EXPECT_FALSE(running(name, p).compacted());  // cleanup.policy went back to its default
        }
        // An empty set removes every topic config.
        EXPECT_EQ(outcomes(alter({{2, name, {}}}, version)), std::vector<outcome>{ok(name)});
        EXPECT_EQ(stored(name), configs{});
        EXPECT_EQ(running(name, 0).log.max_message_bytes, 1048588u);
    }
}

TEST_F(alter_configs_test, validate_only_changes_nothing) {
    create("checked", {{"retention.ms", "1000"}});
    EXPECT_EQ(outcomes(alter({{2, "checked", {{"retention.ms", "9"}}}}, 1, true)), std::vector<outcome>{ok("checked")});
    auto refused = outcomes(alter({{2, "checked", {{"retention.ms", "x"}}}}, 1, true));
    EXPECT_EQ(std::get<0>(refused.at(0)), 40);
    EXPECT_EQ(stored("checked"), (configs{{"retention.ms", "1000"}}));
    EXPECT_EQ(running("checked", 0).log.retention_ms, 1000);
    EXPECT_EQ(outcomes(incremental({{2, "checked", {{"retention.ms", 0, "9"}}}}, 1, true)),
              std::vector<outcome>{ok("checked")});
    EXPECT_EQ(stored("checked"), (configs{{"retention.ms", "1000"}}));
}

TEST_F(alter_configs_test, alter_configs_errors_per_resource) {
    create("kept", {{"retention.ms", "1000"}});
    const std::string node = std::to_string(k_node_id);
    auto response = alter({{2, "missing", {{"retention.ms", "1"}}},
                           {2, "kept", {{"retention.ms", "soon"}}},
                           {2, "kept", {{"retention.ms", "1"}}},
                           {2, "bad name", {}},
                           {4, node, {{"num.partitions", "3"}, {"log.retention.ms", "1"}}},
                           {4, "8", {}},
                           {8, node, {}}},
                          2);
    const std::vector<outcome> want = {
        {3, "The topic 'missing' does not exist.", 2, "missing"},
        {42, "Each resource must appear at most once.", 2, "kept"},
        {42, "Each resource must appear at most once.", 2, "kept"},
        {17, "Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'",
         2, "bad name"},
        {42,
         "Cannot update these configs dynamically: num.partitions, log.retention.ms. Broker settings come from the "
         "broker's config file, environment and flags; change them there and send the broker SIGHUP (dynamic "
         "settings) or restart it.",
         4, node},
        {42, "Unexpected broker id, expected 7, but received 8", 4, "8"},
        {42, "BROKER_LOGGER resources are not supported: the broker's log level is its log.level setting.", 8, node},
    };
    EXPECT_EQ(outcomes(response), want);
    EXPECT_EQ(stored("kept"), (configs{{"retention.ms", "1000"}}));
    // A broker resource that changes nothing is not refused.
    EXPECT_EQ(outcomes(alter({{4, node, {}}}, 0)), std::vector<outcome>{ok(node, 4)});

    auto invalid = outcomes(alter({{2, "kept", {{"retention.ms", "soon"}}}, {2, "missing", {{"a", "1"}, {"a", "2"}}}}, 0));
    EXPECT_EQ(invalid, (std::vector<outcome>{
                           {40, "Invalid value soon for configuration retention.ms: Not a number of type LONG", 2, "kept"},
                           // The request's shape is checked before the topic is looked up.
                           {42, "Error due to duplicate config keys", 2, "missing"}}));
}

TEST_F(alter_configs_test, incremental_operations_reach_the_partitions) {
    for (int16_t version = 0; version <= 1; ++version) {
        const std::string name = "incremental-v" + std::to_string(version);
        create(name, {{"retention.ms", "1000"}, {"segment.ms", "60000"}});
        auto response = incremental({{2, name,
                                      {{"max.message.bytes", 0, "512"},
                                       {"segment.ms", 1, std::nullopt},
                                       {"cleanup.policy", 2, "compact"},
                                       {"message.timestamp.type", 0, "LogAppendTime"}}}},
                                    version);
        EXPECT_EQ(outcomes(response), std::vector<outcome>{ok(name)});
        EXPECT_EQ(stored(name), (configs{{"cleanup.policy", "delete,compact"},
                                         {"max.message.bytes", "512"},
                                         {"message.timestamp.type", "LogAppendTime"},
                                         {"retention.ms", "1000"}}));
        const auto& running_now = running(name, 1);
        EXPECT_EQ(running_now.log.max_message_bytes, 512u);
        EXPECT_EQ(running_now.log.cleanup, storage::cleanup_policy::compact_delete);
        EXPECT_EQ(running_now.log.message_timestamp_type, storage::timestamp_type::log_append_time);
        EXPECT_EQ(running_now.log.segment_ms, 604800000);

        EXPECT_EQ(outcomes(incremental({{2, name, {{"cleanup.policy", 3, "delete"}}}}, version)),
                  std::vector<outcome>{ok(name)});
        EXPECT_EQ(stored(name).at("cleanup.policy"), "compact");
        EXPECT_EQ(running(name, 0).log.cleanup, storage::cleanup_policy::compact);
    }
}

TEST_F(alter_configs_test, incremental_errors_per_resource) {
    create("inc", {{"retention.ms", "1000"}});
    auto response = incremental({{2, "inc", {{"retention.ms", 2, "5"}}},
                                 {2, "missing", {{"retention.ms", 0, "5"}}},
                                 {2, "nulls", {{"retention.ms", 0, std::nullopt}}},
                                 {4, std::to_string(k_node_id), {{"message.max.bytes", 0, "5"}}}},
                                1);
    const std::vector<outcome> want = {
        {40, "Can't APPEND to key retention.ms because its type is not LIST.", 2, "inc"},
        {3, "The topic 'missing' does not exist.", 2, "missing"},
        {42, "Null value not supported for : retention.ms", 2, "nulls"},
        {42,
         "Cannot update these configs dynamically: message.max.bytes. Broker settings come from the broker's config "
         "file, environment and flags; change them there and send the broker SIGHUP (dynamic settings) or restart "
         "it.",
         4, std::to_string(k_node_id)},
    };
    EXPECT_EQ(outcomes(response), want);
    EXPECT_EQ(stored("inc"), (configs{{"retention.ms", "1000"}}));
}

}  // namespace
}  // namespace sb::kafka::testing

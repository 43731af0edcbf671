#include <gtest/gtest.h>

#include "cluster/random_uuid.h"
#include "cluster/topic_config_schema.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/describe_configs.h"

namespace sb::kafka::testing {
namespace {

using protocol::describe_configs_request;
using protocol::describe_configs_response;
using entry = describe_configs_response::describe_configs_resource_result;
using synonym = describe_configs_response::describe_configs_synonym;

// A broker whose config file set log.retention.ms (the default of retention.ms).
broker_config configured_broker() {
    broker_config config = test_config();
    config.settings = std::make_shared<live_broker_settings>(std::vector<broker_setting>{
        {"log.level", "info", "info", false, std::nullopt, cluster::config_type::string, "Log level."},
        {"log.retention.ms", "86400000", "604800000", true, std::nullopt, cluster::config_type::int64,
         "Default retention.ms."},
        {"num.partitions", "1", "1", false, std::nullopt, cluster::config_type::int32, "Partitions of a new topic."},
    });
    return config;
}

class describe_configs_test : public dispatcher_test {
protected:
    describe_configs_test() : dispatcher_test(configured_broker(), {}, {{"retention.ms", "86400000"}}) {
        cluster::topic_metadata topic;
        topic.name = "orders";
        topic.id = cluster::random_uuid();
        topic.replicas_by_partition = {{k_node_id}};
        topic.configs = {{"cleanup.policy", "compact"}};
        EXPECT_TRUE(write_now(topics_->create_topic(std::move(topic))).has_value());
    }

    describe_configs_response describe(std::vector<describe_configs_request::describe_configs_resource> resources,
                                       int16_t version, bool synonyms = true, bool documentation = true) {
        describe_configs_request request;
        request.resources = std::move(resources);
        request.include_synonyms = synonyms;
        request.include_documentation = documentation;
        return decode_response<describe_configs_response>(send(encode_request(request, version)), version,
                                                          version >= 4 ? 1 : 0);
    }

    static describe_configs_request::describe_configs_resource topic(std::string name,
                                                                     std::optional<std::vector<std::string>> keys = std::nullopt) {
        return {2, std::move(name), std::move(keys)};
    }

    static const entry& find(const describe_configs_response::describe_configs_result& result, std::string_view name) {
        auto it = std::find_if(result.configs.begin(), result.configs.end(), [&](const entry& e) { return e.name == name; });
        EXPECT_NE(it, result.configs.end()) << name;
        return *it;
    }
};

TEST_F(describe_configs_test, topic_configs_at_every_version) {
    for (int16_t version = 0; version <= 4; ++version) {
        describe_configs_response response = describe({topic("orders")}, version);
        EXPECT_EQ(response.throttle_time_ms, 0);
        ASSERT_EQ(response.results.size(), 1u);
        const auto& result = response.results[0];
        EXPECT_EQ(result.error_code, 0);
        EXPECT_EQ(result.error_message, std::nullopt);
        EXPECT_EQ(result.resource_type, 2);
        EXPECT_EQ(result.resource_name, "orders");
        ASSERT_EQ(result.configs.size(), cluster::topic_config_definitions().size());
        for (std::size_t i = 0; i < result.configs.size(); ++i) {
            EXPECT_EQ(result.configs[i].name, cluster::topic_config_definitions()[i].name);
            EXPECT_FALSE(result.configs[i].read_only);
            EXPECT_FALSE(result.configs[i].is_sensitive);
        }
        const entry& cleanup = find(result, "cleanup.policy");
        const entry& retention = find(result, "retention.ms");
        const entry& segment = find(result, "segment.bytes");
        const entry& remote = find(result, "remote.storage.enable");
        EXPECT_EQ(cleanup.value, "compact");
        EXPECT_EQ(retention.value, "86400000");
        EXPECT_EQ(segment.value, "1073741824");
        EXPECT_EQ(remote.value, "false");
        // v0 has is_default instead of the source.
        EXPECT_FALSE(cleanup.is_default);
        EXPECT_EQ(segment.is_default, version == 0);
        EXPECT_FALSE(retention.is_default);
        EXPECT_EQ(cleanup.config_source, version >= 1 ? 1 : -1);
        EXPECT_EQ(retention.config_source, version >= 1 ? 4 : -1);
        EXPECT_EQ(segment.config_source, version >= 1 ? 5 : -1);
        if (version >= 1) {
            EXPECT_EQ(cleanup.synonyms, (std::vector<synonym>{{"cleanup.policy", "compact", 1},
                                                              {"log.cleanup.policy", "delete", 5}}));
            EXPECT_EQ(retention.synonyms, (std::vector<synonym>{{"log.retention.ms", "86400000", 4},
                                                                {"log.retention.ms", "604800000", 5}}));
            EXPECT_EQ(segment.synonyms, (std::vector<synonym>{{"log.segment.bytes", "1073741824", 5}}));
            EXPECT_TRUE(remote.synonyms.empty());
        }
        EXPECT_EQ(retention.config_type, version >= 3 ? 5 : 0);
        EXPECT_EQ(cleanup.config_type, version >= 3 ? 7 : 0);
        EXPECT_EQ(segment.config_type, version >= 3 ? 3 : 0);
        EXPECT_EQ(retention.documentation,
                  version >= 3 ? std::optional<std::string>("Age after which whole old segments are deleted; -1: no limit.")
                               : std::optional<std::string>(""));
    }
}

// A SIGHUP changes the broker's defaults: the next DescribeConfigs shows them, with the
// source STATIC_BROKER_CONFIG while the configuration sets them, and the topic's own
// values still win.
TEST_F(describe_configs_test, changed_broker_defaults_show_at_once_under_topic_values) {
    auto change = [this](cluster::topic_config_defaults defaults) {
        run([this, defaults]() -> boost::asio::awaitable<void> {
            auto setting = services_->partitions->set_topic_defaults(defaults);
            const sb::status set = co_await std::move(setting);
            EXPECT_TRUE(set.has_value());
        });
    };
    change({{"retention.ms", "3600000"}, {"segment.bytes", "2000"}, {"cleanup.policy", "delete"}});
    describe_configs_response response = describe({topic("orders")}, 4);
    const entry& retention = find(response.results.at(0), "retention.ms");
    const entry& segment = find(response.results.at(0), "segment.bytes");
    const entry& cleanup = find(response.results.at(0), "cleanup.policy");
    EXPECT_EQ(retention.value, "3600000");
    EXPECT_EQ(retention.config_source, 4);
    EXPECT_EQ(retention.synonyms, (std::vector<synonym>{{"log.retention.ms", "3600000", 4},
                                                        {"log.retention.ms", "604800000", 5}}));
    EXPECT_EQ(segment.value, "2000");
    EXPECT_EQ(segment.config_source, 4);
    EXPECT_EQ(cleanup.value, "compact");
    EXPECT_EQ(cleanup.config_source, 1);
    EXPECT_EQ(cleanup.synonyms, (std::vector<synonym>{{"cleanup.policy", "compact", 1},
                                                      {"log.cleanup.policy", "delete", 4},
                                                      {"log.cleanup.policy", "delete", 5}}));

    // The BROKER resource shows the defaults in force too.
    describe_configs_response broker = describe({{4, std::to_string(k_node_id), std::nullopt}}, 4);
    const entry& broker_retention = find(broker.results.at(0), "log.retention.ms");
    EXPECT_EQ(broker_retention.value, "3600000");
    EXPECT_EQ(broker_retention.config_source, 4);
    EXPECT_EQ(broker_retention.synonyms, (std::vector<synonym>{{"log.retention.ms", "3600000", 4},
                                                               {"log.retention.ms", "604800000", 5}}));

    // No longer set: Kafka's default.
    change({});
    broker = describe({{4, std::to_string(k_node_id), std::nullopt}}, 4);
    const entry& broker_back = find(broker.results.at(0), "log.retention.ms");
    EXPECT_EQ(broker_back.value, "604800000");
    EXPECT_EQ(broker_back.config_source, 5);
    EXPECT_EQ(broker_back.synonyms, (std::vector<synonym>{{"log.retention.ms", "604800000", 5}}));
    response = describe({topic("orders")}, 4);
    const entry& back = find(response.results.at(0), "retention.ms");
    EXPECT_EQ(back.value, "604800000");
    EXPECT_EQ(back.config_source, 5);
    EXPECT_EQ(back.synonyms, (std::vector<synonym>{{"log.retention.ms", "604800000", 5}}));
}

// The admin API sets log.level at run time: DYNAMIC_BROKER_CONFIG over the file's value and
// the default, until a reload changes the setting in its sources.
TEST_F(describe_configs_test, a_setting_changed_at_runtime_then_reloaded) {
    auto log_level = [this] {
        describe_configs_response broker =
            describe({{4, std::to_string(k_node_id), std::vector<std::string>{"log.level"}}}, 4);
        EXPECT_EQ(broker.results.at(0).configs.size(), 1u);
        return broker.results.at(0).configs.at(0);
    };
    EXPECT_TRUE(config_->settings->set_at_runtime("log.level", "debug"));
    EXPECT_FALSE(config_->settings->set_at_runtime("no.such.setting", "debug"));
    entry level = log_level();
    EXPECT_EQ(level.value, "debug");
    EXPECT_EQ(level.config_source, 2);
    EXPECT_FALSE(level.is_default);
    EXPECT_EQ(level.synonyms, (std::vector<synonym>{{"log.level", "debug", 2}, {"log.level", "info", 5}}));

    // The file sets it now: its value, and the runtime one is gone.
    config_->settings->reloaded({{"log.level", "warn", true}});
    level = log_level();
    EXPECT_EQ(level.value, "warn");
    EXPECT_EQ(level.config_source, 4);
    EXPECT_EQ(level.synonyms, (std::vector<synonym>{{"log.level", "warn", 4}, {"log.level", "info", 5}}));

    // Set at run time over the file's value; then taken out of the file: the default.
    config_->settings->set_at_runtime("log.level", "trace");
    EXPECT_EQ(log_level().synonyms, (std::vector<synonym>{{"log.level", "trace", 2},
                                                          {"log.level", "warn", 4},
                                                          {"log.level", "info", 5}}));
    config_->settings->reloaded({{"log.level", "info", false}});
    level = log_level();
    EXPECT_EQ(level.value, "info");
    EXPECT_EQ(level.config_source, 5);
    EXPECT_EQ(level.synonyms, (std::vector<synonym>{{"log.level", "info", 5}}));
}

TEST_F(describe_configs_test, synonyms_and_documentation_only_when_asked) {
    describe_configs_response response = describe({topic("orders")}, 4, false, false);
    const entry& cleanup = find(response.results.at(0), "cleanup.policy");
    EXPECT_TRUE(cleanup.synonyms.empty());
    EXPECT_EQ(cleanup.documentation, std::nullopt);
    EXPECT_EQ(cleanup.config_source, 1);
    EXPECT_EQ(cleanup.config_type, 7);
}

TEST_F(describe_configs_test, requested_names_filter_the_list) {
    for (int16_t version = 0; version <= 4; ++version) {
        auto response = describe({topic("orders", std::vector<std::string>{"retention.ms", "no.such.config", "cleanup.policy"})},
                                 version);
        const auto& configs = response.results.at(0).configs;
        ASSERT_EQ(configs.size(), 2u);
        EXPECT_EQ(configs[0].name, "cleanup.policy");
        EXPECT_EQ(configs[1].name, "retention.ms");
        // An empty list asks for everything, as a null one does.
        EXPECT_EQ(describe({topic("orders", std::vector<std::string>{})}, version).results.at(0).configs.size(),
                  cluster::topic_config_definitions().size());
    }
}

TEST_F(describe_configs_test, broker_settings_are_read_only) {
    for (int16_t version = 0; version <= 4; ++version) {
        describe_configs_response response = describe({{4, std::to_string(k_node_id), std::nullopt}}, version);
        const auto& result = response.results.at(0);
        EXPECT_EQ(result.error_code, 0);
        EXPECT_EQ(result.resource_type, 4);
        ASSERT_EQ(result.configs.size(), 3u);
        const entry& retention = result.configs[1];
        const entry& partitions = result.configs[2];
        EXPECT_EQ(retention.name, "log.retention.ms");
        EXPECT_EQ(retention.value, "86400000");
        EXPECT_TRUE(retention.read_only);
        EXPECT_FALSE(retention.is_default);
        EXPECT_EQ(partitions.name, "num.partitions");
        EXPECT_EQ(partitions.value, "1");
        EXPECT_TRUE(partitions.read_only);
        EXPECT_EQ(partitions.is_default, version == 0);
        if (version >= 1) {
            EXPECT_EQ(retention.config_source, 4);
            EXPECT_EQ(partitions.config_source, 5);
            EXPECT_EQ(retention.synonyms, (std::vector<synonym>{{"log.retention.ms", "86400000", 4},
                                                                {"log.retention.ms", "604800000", 5}}));
            EXPECT_EQ(partitions.synonyms, (std::vector<synonym>{{"num.partitions", "1", 5}}));
        }
        if (version >= 3) {
            EXPECT_EQ(retention.config_type, 5);
            EXPECT_EQ(partitions.documentation, "Partitions of a new topic.");
        }
    }
}

TEST_F(describe_configs_test, errors_per_resource_with_kafkas_messages) {
    describe_configs_response response =
        describe({topic("missing"), topic("bad/name"), {4, "8", std::nullopt}, {4, "eight", std::nullopt},
                  {4, "", std::nullopt}, {8, std::to_string(k_node_id), std::nullopt}, {3, "x", std::nullopt},
                  topic("orders", std::vector<std::string>{"retention.ms"})},
                 2);
    std::vector<std::pair<int16_t, std::optional<std::string>>> got;
    for (const auto& r : response.results) got.emplace_back(r.error_code, r.error_message);
    const std::vector<std::pair<int16_t, std::optional<std::string>>> want = {
        {3, "The topic 'missing' does not exist."},
        {17, "Topic name \"bad/name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"},
        {42, "Unexpected broker id, expected 7 or empty string, but received 8"},
        {42, "Broker id must be an integer, but it is: eight"},
        {0, std::nullopt},
        {42, "BROKER_LOGGER resources are not supported: the broker's log level is its log.level setting."},
        {42, "Unsupported resource type: 3"},
        {0, std::nullopt},
    };
    EXPECT_EQ(got, want);
    EXPECT_TRUE(response.results[4].configs.empty());  // no cluster-wide dynamic defaults
    EXPECT_EQ(response.results[7].configs.size(), 1u);
    EXPECT_EQ(response.results[2].resource_name, "8");
    EXPECT_EQ(response.results[5].resource_type, 8);
}

}  // namespace
}  // namespace sb::kafka::testing

#include "app/config.h"
#include "app/kafka_wiring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using sb::app::build_config;
using sb::app::config_sources;

TEST(Config, DefaultsAreTheDocumentedOnes) {
    auto c = build_config({});
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->node_id, 1);
    EXPECT_EQ(c->data_dir, "./streambus-data");
    EXPECT_EQ(c->kafka_addr.to_string(), "127.0.0.1:9092");
    EXPECT_EQ(c->advertised_kafka().to_string(), "127.0.0.1:9092");
    EXPECT_EQ(c->admin_addr->to_string(), "127.0.0.1:8080");
    EXPECT_EQ(c->socket_request_max_bytes, 104857600);
    EXPECT_EQ(c->connections_max_idle_ms, 600000);
    EXPECT_EQ(c->log_format, "text");
    EXPECT_EQ(c->smp, 0u);
}

TEST(Config, FlagsOverrideEnvironmentOverrideYaml) {
    config_sources s;
    s.yaml = {{"node.id", "1"}, {"data.dir", "/yaml"}, {"log.level", "warn"}};
    s.env = {{"node.id", "2"}, {"data.dir", "/env"}};
    s.flags = {{"node.id", "3"}};
    auto c = build_config(s);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->node_id, 3);
    EXPECT_EQ(c->data_dir, "/env");
    EXPECT_EQ(c->log_level, "warn");
}

TEST(Config, ErrorsNameTheSettingTheSourceAndTheRange) {
    config_sources s;
    s.flags = {{"node.id", "-5"}};
    EXPECT_EQ(build_config(s).error(), "node.id (flag --node-id): -5 is outside [0, 2147483647]");
    s.flags = {{"smp", "abc"}};
    EXPECT_EQ(build_config(s).error(), "smp (flag --smp): 'abc' is not an integer in [1, 1024] shards");
    s.flags = {{"smp", "0"}};
    EXPECT_EQ(build_config(s).error(), "smp (flag --smp): 0 is outside [1, 1024] shards");
    s.flags = {};
    s.env = {{"socket.request.max.bytes", "10"}};
    EXPECT_EQ(build_config(s).error(),
              "socket.request.max.bytes (environment STREAMBUS_SOCKET_REQUEST_MAX_BYTES): 10 is outside [64, 2147483647] bytes");
    s.env = {};
    s.yaml = {{"log.format", "xml"}};
    EXPECT_EQ(build_config(s).error(), "log.format (config file): 'xml' is not one of: text, json");
    s.yaml = {{"kafka.addr", "nonsense"}};
    EXPECT_EQ(build_config(s).error(), "kafka.addr (config file): 'nonsense': expected host:port");
}

TEST(Config, AdvertisedAddressDefaultsToListener) {
    config_sources s;
    s.flags = {{"kafka.addr", "0.0.0.0:19092"}, {"advertise.kafka.addr", "broker-1.example:9092"}};
    auto c = build_config(s);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->advertised_kafka().to_string(), "broker-1.example:9092");
    EXPECT_EQ(c->kafka_addr.to_string(), "0.0.0.0:19092");
}

TEST(Config, EmptyAdminAddressTurnsTheListenerOff) {
    config_sources s;
    s.flags = {{"admin.addr", ""}};
    auto c = build_config(s);
    ASSERT_TRUE(c) << c.error();
    EXPECT_FALSE(c->admin_addr.has_value());
    s.flags = {{"kafka.addr", ""}};
    EXPECT_EQ(build_config(s).error(), "kafka.addr (flag --kafka-addr): '': expected host:port");
}

TEST(Config, NamesMapToFlagsAndEnvironment) {
    EXPECT_EQ(sb::app::flag_name("socket.request.max.bytes"), "--socket-request-max-bytes");
    EXPECT_EQ(sb::app::env_name("node.id"), "STREAMBUS_NODE_ID");
}

TEST(Config, EnvironmentReaderKeepsKnownAndReportsUnknown) {
    std::string a = "STREAMBUS_NODE_ID=7", b = "STREAMBUS_NOT_A_SETTING=1", c = "PATH=/bin";
    char* env[] = {a.data(), b.data(), c.data(), nullptr};
    auto r = sb::app::read_environment(env);
    EXPECT_EQ(r.values.size(), 1u);
    EXPECT_EQ(r.values.at("node.id"), "7");
    ASSERT_EQ(r.unknown.size(), 1u);
    EXPECT_EQ(r.unknown[0], "STREAMBUS_NOT_A_SETTING");
}

class YamlFile : public ::testing::Test {
protected:
    std::string write(const std::string& text) {
        path_ = std::filesystem::temp_directory_path() /
                ("streambus-config-test-" + std::to_string(::getpid()) + ".yaml");
        std::ofstream(path_) << text;
        return path_.string();
    }
    void TearDown() override { std::filesystem::remove(path_); }
    std::filesystem::path path_;
};

TEST_F(YamlFile, ReadsFlatKeys) {
    auto r = sb::app::read_yaml_file(write("node.id: 4\nkafka.addr: 127.0.0.1:19092\nadvertise.kafka.addr:\n"));
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->at("node.id"), "4");
    EXPECT_EQ(r->at("kafka.addr"), "127.0.0.1:19092");
    EXPECT_EQ(r->at("advertise.kafka.addr"), "");
}

TEST_F(YamlFile, RejectsUnknownKeysAndNesting) {
    std::string p = write("node.idd: 4\n");
    EXPECT_EQ(sb::app::read_yaml_file(p).error(), "config file " + p + ": unknown setting 'node.idd'");
    p = write("node.id: [1, 2]\n");
    EXPECT_EQ(sb::app::read_yaml_file(p).error(), "config file " + p + ": setting 'node.id' must be a single value");
    EXPECT_FALSE(sb::app::read_yaml_file("/nonexistent/streambus.yaml"));
}

}  // namespace

namespace {

// docs/configuration.md is the users' list of settings, and docs/operations.md has them
// at a glance: every setting of the table must be in both, with its real default, unit
// and whether it changes on SIGHUP.
std::string read_doc(const std::string& name) {
    std::ifstream in(std::string(SB_SOURCE_DIR) + "/docs/" + name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string documented_row(const sb::app::setting& s) {
    std::string expected_default = *s.default_text ? "`" + std::string(s.default_text) + "`" : "(empty)";
    std::string unit = *s.unit ? " " + std::string(s.unit) + " " : " ";
    return "| `" + std::string(s.name) + "` | " + expected_default + " |" + unit + "| " + (s.dynamic ? "yes" : "no") +
           " |";
}

TEST(Config, DocumentationListsEverySettingWithItsDefaultUnitAndDynamism) {
    for (const char* doc_name : {"configuration.md", "operations.md"}) {
        const std::string doc = read_doc(doc_name);
        ASSERT_FALSE(doc.empty()) << doc_name;
        for (const auto& s : sb::app::settings()) {
            const std::string row = documented_row(s);
            EXPECT_NE(doc.find(row), std::string::npos) << "docs/" << doc_name << " lacks the row starting: " << row;
        }
    }
}

TEST(Config, SomeSettingsAreDynamic) {
    std::vector<std::string> dynamic;
    for (const auto& s : sb::app::settings()) {
        if (s.dynamic) dynamic.push_back(s.name);
    }
    EXPECT_EQ(dynamic, (std::vector<std::string>{"log.level",
                                                 "log.format",
                                                 "connections.max.idle.ms",
                                                 "max.connections",
                                                 "log.segment.bytes",
                                                 "log.roll.ms",
                                                 "log.index.size.max.bytes",
                                                 "log.index.interval.bytes",
                                                 "log.flush.interval.messages",
                                                 "log.flush.interval.ms",
                                                 "log.retention.ms",
                                                 "log.retention.bytes",
                                                 "log.cleanup.policy",
                                                 "log.cleaner.delete.retention.ms",
                                                 "log.cleaner.min.compaction.lag.ms",
                                                 "log.cleaner.max.compaction.lag.ms",
                                                 "message.max.bytes",
                                                 "log.message.timestamp.type",
                                                 "log.message.timestamp.before.max.ms",
                                                 "log.message.timestamp.after.max.ms"}));
}

// Every broker default of a topic config is dynamic (serve.cc applies them together), as
// in Kafka; and every one of them is a setting.
TEST(Config, EveryBrokerDefaultOfATopicConfigIsDynamic) {
    const std::vector<std::string> defaults = sb::app::topic_default_settings();
    EXPECT_EQ(defaults.size(), 16u);
    for (const auto& s : sb::app::settings()) {
        const bool is_default = std::find(defaults.begin(), defaults.end(), s.name) != defaults.end();
        if (is_default) {
            EXPECT_TRUE(s.dynamic) << s.name;
        }
    }
}

}  // namespace

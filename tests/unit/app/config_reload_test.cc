#include "app/config_reload.h"

#include <gtest/gtest.h>

namespace {

using sb::app::broker_config;
using sb::app::config_reloader;
using sb::app::config_sources;

// A reloader whose "file" is `yaml`, changed by the test between reloads.
struct reload_fixture {
    config_sources start;
    std::map<std::string, std::string> yaml;
    bool file_readable = true;
    std::vector<std::string> applied;

    config_reloader make() {
        config_reloader r(*sb::app::resolve_settings(start), [this]() -> sb::result<config_sources, std::string> {
            if (!file_readable) return sb::unexpected(std::string("config file x.yaml: bad file"));
            config_sources next = start;
            next.yaml = yaml;
            return next;
        });
        r.on_change("max.connections",
                    [this](const broker_config& c) { applied.push_back("max=" + std::to_string(c.max_connections)); });
        r.on_change("log.level", [this](const broker_config& c) { applied.push_back("level=" + c.log_level); });
        return r;
    }
};

TEST(ConfigReload, AppliesChangedDynamicSettingsOnly) {
    reload_fixture f;
    auto r = f.make();
    f.yaml = {{"max.connections", "5"}, {"node.id", "7"}};
    auto out = r.reload();
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_EQ(f.applied, (std::vector<std::string>{"max=5"}));
    EXPECT_EQ(out.applied, (std::vector<std::string>{"max.connections: 10000 -> 5"}));
    EXPECT_EQ(out.need_restart, (std::vector<std::string>{"node.id: 1 -> 7 (needs a restart)"}));
    EXPECT_EQ(r.in_effect().at("max.connections"), "5");
    EXPECT_EQ(r.in_effect().at("node.id"), "1");

    // Nothing changed since: nothing applied again; the restart-only change is still reported.
    f.applied.clear();
    out = r.reload();
    ASSERT_TRUE(out.ok);
    EXPECT_TRUE(f.applied.empty());
    EXPECT_TRUE(out.applied.empty());
    EXPECT_EQ(out.need_restart.size(), 1u);

    // Removed from the file: back to the default.
    f.yaml = {};
    out = r.reload();
    EXPECT_EQ(f.applied, (std::vector<std::string>{"max=10000"}));
}

// Settings applied together (the broker's defaults for topic configs): one call per
// reload, after every change is known, however many of them changed.
TEST(ConfigReload, AnApplierOfSeveralSettingsRunsOncePerReload) {
    reload_fixture f;
    auto r = f.make();
    r.on_change(std::vector<std::string>{"log.retention.ms", "log.segment.bytes"}, [&f](const broker_config& c) {
        f.applied.push_back("retention=" + std::to_string(c.log_retention_ms) +
                            " segment=" + std::to_string(c.log_segment_bytes));
    });
    f.yaml = {{"log.retention.ms", "1000"}, {"log.segment.bytes", "2000"}, {"max.connections", "5"}};
    auto out = r.reload();
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_EQ(f.applied, (std::vector<std::string>{"max=5", "retention=1000 segment=2000"}));
    EXPECT_EQ(out.applied, (std::vector<std::string>{"max.connections: 10000 -> 5",
                                                     "log.segment.bytes: 1073741824 -> 2000",
                                                     "log.retention.ms: 604800000 -> 1000"}));
    f.applied.clear();
    f.yaml.erase("log.segment.bytes");
    out = r.reload();
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_EQ(f.applied, (std::vector<std::string>{"retention=1000 segment=1073741824"}));
    EXPECT_EQ(out.applied, (std::vector<std::string>{"log.segment.bytes: 2000 -> 1073741824"}));
}

TEST(ConfigReload, InvalidValuesRefuseTheWholeReload) {
    reload_fixture f;
    auto r = f.make();
    f.yaml = {{"max.connections", "0"}, {"log.level", "debug"}};
    auto out = r.reload();
    EXPECT_FALSE(out.ok);
    EXPECT_EQ(out.error, "invalid setting max.connections (config file): 0 is outside [1, 1000000] connections");
    EXPECT_TRUE(f.applied.empty());
    EXPECT_EQ(r.in_effect().at("log.level"), "info");

    f.file_readable = false;
    out = r.reload();
    EXPECT_FALSE(out.ok);
    EXPECT_EQ(out.error, "config file x.yaml: bad file");
    EXPECT_TRUE(f.applied.empty());
}

// Values valid one by one that an applier's check refuses together: nothing of the
// reload is applied, not even the settings of other appliers, and nothing is in effect.
TEST(ConfigReload, ACheckThatFailsRefusesTheWholeReload) {
    reload_fixture f;
    auto r = f.make();
    std::vector<std::vector<std::string>> told;
    r.after_apply([&told](const broker_config&, const std::vector<std::string>& applied) { told.push_back(applied); });
    r.on_change(
        std::vector<std::string>{"log.retention.ms", "log.segment.bytes"},
        [&f](const broker_config& c) { f.applied.push_back("segment=" + std::to_string(c.log_segment_bytes)); },
        [](const broker_config& c) -> std::optional<std::string> {
            if (c.log_segment_bytes > c.log_retention_ms) return "segment larger than retention";
            return std::nullopt;
        });
    f.yaml = {{"log.retention.ms", "1000"}, {"log.segment.bytes", "2000"}, {"log.level", "debug"}, {"node.id", "7"}};
    auto out = r.reload();
    EXPECT_FALSE(out.ok);
    EXPECT_EQ(out.error, "segment larger than retention");
    EXPECT_TRUE(out.applied.empty());
    EXPECT_TRUE(out.need_restart.empty());
    EXPECT_TRUE(f.applied.empty());
    EXPECT_TRUE(told.empty());
    EXPECT_EQ(r.in_effect().at("log.level"), "info");
    EXPECT_EQ(r.in_effect().at("log.segment.bytes"), "1073741824");
    EXPECT_EQ(r.in_effect().at("log.retention.ms"), "604800000");

    // Fixed: everything applies, checked again, and the listener hears which settings.
    f.yaml["log.segment.bytes"] = "500";
    out = r.reload();
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_EQ(f.applied, (std::vector<std::string>{"level=debug", "segment=500"}));
    EXPECT_EQ(told, (std::vector<std::vector<std::string>>{{"log.level", "log.segment.bytes", "log.retention.ms"}}));
    EXPECT_EQ(r.in_effect().at("log.segment.bytes"), "500");

    // A check of settings that did not change does not run: max.connections alone applies.
    f.applied.clear();
    f.yaml["max.connections"] = "5";
    out = r.reload();
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_EQ(f.applied, (std::vector<std::string>{"max=5"}));
    EXPECT_EQ(told.back(), (std::vector<std::string>{"max.connections"}));
}

TEST(ConfigReload, FlagsStillWinOverTheFile) {
    reload_fixture f;
    f.start.flags = {{"log.level", "warn"}};
    auto r = f.make();
    f.yaml = {{"log.level", "debug"}};
    auto out = r.reload();
    ASSERT_TRUE(out.ok);
    EXPECT_TRUE(f.applied.empty());
    EXPECT_EQ(r.in_effect().at("log.level"), "warn");
}

TEST(ConfigReload, DynamicSettingWithoutApplierNeedsARestart) {
    reload_fixture f;
    auto r = f.make();
    f.yaml = {{"connections.max.idle.ms", "1000"}};
    auto out = r.reload();
    ASSERT_TRUE(out.ok);
    EXPECT_EQ(out.need_restart, (std::vector<std::string>{"connections.max.idle.ms: 600000 -> 1000 (needs a restart)"}));
}

}  // namespace

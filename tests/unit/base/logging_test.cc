#include "base/logging.h"

#include <gtest/gtest.h>

namespace {

// The process-wide logging state is shared by the tests of this file; each one starts
// from init().
TEST(Logging, LevelsChangeForAllOrOneComponent) {
    sb::logging::init(sb::logging::format::text, "info");
    auto kafka = sb::logging::get("kafka");
    EXPECT_EQ(sb::logging::level(), "info");
    EXPECT_EQ(sb::logging::component_levels().at("kafka"), "info");

    ASSERT_TRUE(sb::logging::set_component_level("kafka", "debug"));
    EXPECT_EQ(kafka->level(), spdlog::level::debug);
    EXPECT_EQ(sb::logging::component_levels().at("kafka"), "debug");
    EXPECT_EQ(sb::logging::component_levels().at("net"), "info");
    EXPECT_EQ(sb::logging::level(), "info");

    // A logger created after the change takes its component's level.
    ASSERT_TRUE(sb::logging::set_component_level("storage", "error"));
    EXPECT_EQ(sb::logging::get("storage")->level(), spdlog::level::err);

    // One level for all forgets the per-component ones.
    ASSERT_TRUE(sb::logging::set_level("warn"));
    EXPECT_EQ(kafka->level(), spdlog::level::warn);
    for (const auto& [component, level] : sb::logging::component_levels()) EXPECT_EQ(level, "warn") << component;
    EXPECT_EQ(sb::logging::level(), "warn");
}

TEST(Logging, UnknownLevelNamesAreRefusedAndChangeNothing) {
    sb::logging::init(sb::logging::format::json, "info");
    EXPECT_FALSE(sb::logging::set_level("loud"));
    EXPECT_FALSE(sb::logging::set_level("warning"));  // spdlog's spelling is not ours
    EXPECT_FALSE(sb::logging::set_component_level("kafka", ""));
    EXPECT_EQ(sb::logging::level(), "info");
    EXPECT_EQ(sb::logging::component_levels().at("kafka"), "info");
    EXPECT_TRUE(sb::logging::set_level("off"));
    EXPECT_EQ(sb::logging::level(), "off");
}

TEST(Logging, EveryComponentIsListed) {
    sb::logging::init(sb::logging::format::text, "info");
    auto levels = sb::logging::component_levels();
    for (const auto& c : sb::logging::component_names()) EXPECT_TRUE(levels.contains(c)) << c;
    EXPECT_FALSE(levels.contains("streambus"));  // the default logger is not a component
}

}  // namespace

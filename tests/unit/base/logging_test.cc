#include "base/logging.h"
#include "base/log_context.h"

#include <gtest/gtest.h>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

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

// JSON lines carry the fields of their log_context that are set, between the thread and
// the message, escaped; a line logged without one (or after one) has none.
TEST(Logging, JsonLinesCarryTheirContextFields) {
    sb::logging::init(sb::logging::format::json, "info");
    auto kafka = sb::logging::get("kafka");
    testing::internal::CaptureStderr();
    sb::logging::log_about(*kafka, spdlog::level::info, {"orders", 3, "billing-1"}, "created {}", 1);
    sb::logging::log_about(*kafka, spdlog::level::info, {{}, {}, "say \"hi\""}, "client only");
    sb::logging::log_about(*kafka, spdlog::level::debug, {"orders", 0, "x"}, "below the level");
    kafka->info("no context");
    const std::string out = testing::internal::GetCapturedStderr();

    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 3u) << out;
    auto after_thread = [](const std::string& line) {
        const auto at = line.find("\"thread\":");
        EXPECT_NE(at, std::string::npos) << line;
        std::size_t end = at + 9;
        while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
        return line.substr(end);
    };
    EXPECT_EQ(after_thread(lines[0]), R"(,"topic":"orders","partition":3,"client_id":"billing-1","message":"created 1"})");
    EXPECT_EQ(after_thread(lines[1]), R"(,"client_id":"say \"hi\"","message":"client only"})");
    EXPECT_EQ(after_thread(lines[2]), R"(,"message":"no context"})");
    EXPECT_EQ(lines[0].rfind(R"({"time":")", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find(R"("level":"info","component":"kafka","thread":)"), std::string::npos) << lines[0];
}

// Text lines are unchanged by a context: the message names what the line is about.
TEST(Logging, TextLinesLeaveTheContextToTheMessage) {
    sb::logging::init(sb::logging::format::text, "info");
    auto kafka = sb::logging::get("kafka");
    testing::internal::CaptureStderr();
    sb::logging::log_about(*kafka, spdlog::level::info, {"orders", 3, "billing-1"}, "created {}", 1);
    const std::string out = testing::internal::GetCapturedStderr();
    EXPECT_NE(out.find(" [kafka] created 1\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("billing-1"), std::string::npos) << out;
}

}  // namespace

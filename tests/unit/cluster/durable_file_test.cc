#include "cluster/durable_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"

namespace sb::cluster {
namespace {

TEST(durable_file, missing_file_reads_as_nullopt) {
    testing::temp_dir dir;
    auto read = read_file_if_exists(dir.path() / "absent", 1024);
    ASSERT_TRUE(read.has_value());
    EXPECT_FALSE(read->has_value());
}

TEST(durable_file, writes_replaces_and_leaves_no_temp_file) {
    testing::temp_dir dir;
    const auto path = dir.path() / "sub" / "state";
    ASSERT_TRUE(write_file_durably(path, "first").has_value());
    ASSERT_TRUE(write_file_durably(path, "second, longer").has_value());
    auto read = read_file_if_exists(path, 1024);
    ASSERT_TRUE(read.has_value());
    ASSERT_TRUE(read->has_value());
    EXPECT_EQ(**read, "second, longer");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "sub" / "state.tmp"));
}

TEST(durable_file, refuses_a_file_over_the_limit) {
    testing::temp_dir dir;
    const auto path = dir.path() / "big";
    ASSERT_TRUE(write_file_durably(path, std::string(100, 'x')).has_value());
    auto exact = read_file_if_exists(path, 100);
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ((*exact)->size(), 100u);
    auto over = read_file_if_exists(path, 99);
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error(), error_code::kafka_storage_error);
}

TEST(durable_file, write_into_a_file_path_fails_as_storage_error) {
    testing::temp_dir dir;
    const auto blocker = dir.path() / "file";
    std::ofstream(blocker) << "x";
    auto written = write_file_durably(blocker / "child", "data");
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error(), error_code::kafka_storage_error);
}

}  // namespace
}  // namespace sb::cluster

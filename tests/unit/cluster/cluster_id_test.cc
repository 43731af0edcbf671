#include "cluster/cluster_id.h"

#include <gtest/gtest.h>

#include <fstream>

#include "cluster/durable_file.h"
#include "cluster/random_uuid.h"
#include "temp_dir.h"

namespace sb::cluster {
namespace {

TEST(cluster_id, created_once_then_reused) {
    testing::temp_dir dir;
    auto first = load_or_create_cluster_id(dir.path());
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->size(), 22u);
    auto parsed = protocol::uuid::from_string(*first);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_FALSE(parsed->is_nil());

    auto stored = read_file_if_exists(dir.path() / "cluster_id", 1024);
    ASSERT_TRUE(stored.has_value() && stored->has_value());
    EXPECT_EQ(**stored, *first + "\n");

    auto second = load_or_create_cluster_id(dir.path());
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(*second, *first);
}

TEST(cluster_id, two_data_dirs_get_different_ids) {
    testing::temp_dir a;
    testing::temp_dir b;
    EXPECT_NE(load_or_create_cluster_id(a.path()).value(), load_or_create_cluster_id(b.path()).value());
}

TEST(cluster_id, reads_an_existing_id_without_newline) {
    testing::temp_dir dir;
    std::ofstream(dir.path() / "cluster_id") << "MkU3OEVBNTcwNTJENDM2Qg";
    auto id = load_or_create_cluster_id(dir.path());
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(*id, "MkU3OEVBNTcwNTJENDM2Qg");
}

TEST(cluster_id, a_corrupt_file_is_an_error_and_is_kept) {
    testing::temp_dir dir;
    std::ofstream(dir.path() / "cluster_id") << "not a cluster id\n";
    auto id = load_or_create_cluster_id(dir.path());
    ASSERT_FALSE(id.has_value());
    EXPECT_EQ(id.error(), error_code::kafka_storage_error);
    auto stored = read_file_if_exists(dir.path() / "cluster_id", 1024);
    EXPECT_EQ(**stored, "not a cluster id\n");
}

TEST(random_uuid, is_version_4_never_reserved_and_never_starts_with_dash) {
    protocol::uuid previous{};
    for (int i = 0; i < 2000; ++i) {
        const protocol::uuid id = random_uuid();
        EXPECT_FALSE(id.is_nil());
        EXPECT_EQ(id.bytes[6] >> 4, 4);
        EXPECT_EQ(id.bytes[8] >> 6, 2);
        EXPECT_NE(id.to_string().front(), '-');
        EXPECT_NE(id, previous);
        previous = id;
    }
}

}  // namespace
}  // namespace sb::cluster

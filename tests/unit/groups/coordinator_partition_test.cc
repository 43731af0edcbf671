#include "kafka/groups/coordinator_partition.h"

#include <gtest/gtest.h>

namespace sb::kafka::groups {
namespace {

// Expected values computed with Java's String.hashCode semantics (UTF-16 code units).
TEST(coordinator_partition, java_string_hash) {
    EXPECT_EQ(java_string_hash(""), 0);
    EXPECT_EQ(java_string_hash("a"), 97);
    EXPECT_EQ(java_string_hash("my-group"), -1906497762);
    EXPECT_EQ(java_string_hash("console-consumer-12345"), 158455506);
    EXPECT_EQ(java_string_hash("\xC3\xA9"), 233);                 // U+00E9, two UTF-8 bytes
    EXPECT_EQ(java_string_hash("\xF0\x9F\x98\x80"), 1772899);     // U+1F600, a surrogate pair
}

TEST(coordinator_partition, malformed_utf8_counts_as_replacement_characters) {
    EXPECT_EQ(java_string_hash("\xFF"), 0xFFFD);
    EXPECT_EQ(java_string_hash("\xC3"), 0xFFFD);          // truncated sequence
    EXPECT_EQ(java_string_hash("\xC0\x80"), 0xFFFD * 31 + 0xFFFD);  // overlong NUL: two bad bytes
    EXPECT_EQ(java_string_hash("\xED\xA0\x80"), (0xFFFD * 31 + 0xFFFD) * 31 + 0xFFFD);  // a surrogate
}

TEST(coordinator_partition, partition_like_kafka) {
    EXPECT_EQ(partition_for_group("", k_default_offsets_topic_partitions), 0);
    EXPECT_EQ(partition_for_group("a", 50), 47);
    EXPECT_EQ(partition_for_group("my-group", 50), 12);
    EXPECT_EQ(partition_for_group("console-consumer-12345", 50), 6);
    EXPECT_EQ(partition_for_group("my-group", 1), 0);
}

TEST(coordinator_partition, int32_min_hash_maps_to_partition_zero) {
    ASSERT_EQ(java_string_hash("polygenelubricants"), INT32_MIN);
    EXPECT_EQ(partition_for_group("polygenelubricants", 50), 0);
    EXPECT_EQ(partition_for_group("polygenelubricants", 7), 0);
}

}  // namespace
}  // namespace sb::kafka::groups

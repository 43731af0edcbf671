#include "kafka/groups/group_records.h"

#include <gtest/gtest.h>

namespace sb::kafka::groups {
namespace {

stored_group sample_group() {
    stored_group g;
    g.protocol_type = "consumer";
    g.generation_id = 7;
    g.protocol_name = "range";
    g.leader_id = "m-1";
    g.state_timestamp_ms = 1'700'000'000'123;
    g.members.push_back({"m-1", std::nullopt, "c1", "/10.0.0.1", 30'000, 10'000, {1, 2, 3}, {4, 5}});
    g.members.push_back({"m-2", "instance-2", "c2", "/10.0.0.2", 60'000, 45'000, {}, {6}});
    return g;
}

TEST(group_records, offset_record_bytes_are_the_documented_layout) {
    const stored_record r = offset_record("g", {"t", 3}, {42, 5, "md", 1000, std::nullopt});
    const bytes expected_key = {0, 0,  // key_type 0: offset
                                0, 1, 'g', 0, 1, 't', 0, 0, 0, 3};
    const bytes expected_value = {0, 0,                       // version 0
                                  0, 0, 0, 0, 0, 0, 0, 42,    // offset
                                  0, 0, 0, 5,                 // leader epoch
                                  0, 2, 'm', 'd',             // metadata
                                  0, 0, 0, 0, 0, 0, 0x03, 0xE8,              // commit timestamp 1000
                                  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};  // no expire timestamp
    EXPECT_EQ(r.key, expected_key);
    ASSERT_TRUE(r.value.has_value());
    EXPECT_EQ(*r.value, expected_value);
}

TEST(group_records, group_key_bytes_and_tombstones_share_keys) {
    const stored_record r = group_record("g", stored_group{});
    EXPECT_EQ(r.key, (bytes{0, 1, 0, 1, 'g'}));
    EXPECT_EQ(group_tombstone("g"), (stored_record{r.key, std::nullopt}));
    const stored_record o = offset_record("g", {"t", 0}, {});
    EXPECT_EQ(offset_tombstone("g", {"t", 0}), (stored_record{o.key, std::nullopt}));
    // Different partitions, topics and groups never share a key.
    EXPECT_NE(offset_record("g", {"t", 1}, {}).key, o.key);
    EXPECT_NE(offset_record("g", {"u", 0}, {}).key, o.key);
    EXPECT_NE(offset_record("h", {"t", 0}, {}).key, o.key);
    EXPECT_NE(group_record("h", stored_group{}).key, r.key);
}

TEST(group_records, keys_decode) {
    auto offset = decode_key(offset_record("grp", {"topic", 9}, {}).key);
    ASSERT_TRUE(offset.has_value());
    const auto& o = std::get<offset_key>(*offset);
    EXPECT_EQ(o.group_id, "grp");
    EXPECT_EQ(o.partition, (topic_partition{"topic", 9}));
    auto group = decode_key(group_tombstone("grp").key);
    ASSERT_TRUE(group.has_value());
    EXPECT_EQ(std::get<group_key>(*group).group_id, "grp");
}

TEST(group_records, values_round_trip) {
    const committed_offset value{-1, -1, "", 5, 99};
    auto decoded = decode_offset_value(*offset_record("g", {"t", 0}, value).value);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, value);

    auto group = decode_group_value(*group_record("g", sample_group()).value);
    ASSERT_TRUE(group.has_value());
    EXPECT_EQ(*group, sample_group());

    stored_group empty;
    empty.generation_id = 3;
    auto decoded_empty = decode_group_value(*group_record("g", empty).value);
    ASSERT_TRUE(decoded_empty.has_value());
    EXPECT_EQ(*decoded_empty, empty);
}

TEST(group_records, malformed_bytes_are_invalid_records) {
    EXPECT_EQ(decode_key({}).error(), error_code::invalid_record);
    EXPECT_EQ(decode_key({0, 2, 0, 1, 'g'}).error(), error_code::invalid_record);  // unknown key type
    EXPECT_EQ(decode_key({0, 1, 0, 5, 'g'}).error(), error_code::invalid_record);  // truncated string

    bytes key = group_tombstone("g").key;
    key.push_back(0);
    EXPECT_EQ(decode_key(key).error(), error_code::invalid_record);  // trailing byte

    bytes offset = *offset_record("g", {"t", 0}, {}).value;
    offset[1] = 1;  // version 1 is unknown
    EXPECT_EQ(decode_offset_value(offset).error(), error_code::invalid_record);
    offset = *offset_record("g", {"t", 0}, {}).value;
    offset.pop_back();
    EXPECT_EQ(decode_offset_value(offset).error(), error_code::invalid_record);

    bytes group = *group_record("g", sample_group()).value;
    group.resize(group.size() - 3);
    EXPECT_EQ(decode_group_value(group).error(), error_code::invalid_record);
    // A member count far beyond the bytes that follow is refused before allocating.
    bytes huge = *group_record("g", stored_group{}).value;
    const std::size_t count_at = huge.size() - 4;
    huge[count_at] = 0x7F;
    EXPECT_EQ(decode_group_value(huge).error(), error_code::invalid_record);
}

}  // namespace
}  // namespace sb::kafka::groups

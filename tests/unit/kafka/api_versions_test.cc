#include <gtest/gtest.h>

#include "kafka/served_apis.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/api_versions.h"

namespace sb::kafka::testing {
namespace {

using protocol::api_versions_request;
using protocol::api_versions_response;
using api_version = api_versions_response::api_version;

const std::vector<api_version> k_all_ranges = {
    {0, 0, 11}, {1, 4, 17}, {2, 1, 10}, {3, 0, 12}, {8, 0, 9},  {9, 0, 9},  {10, 0, 6}, {11, 0, 9},
    {12, 0, 4}, {13, 0, 5}, {14, 0, 5}, {15, 0, 5}, {16, 0, 5}, {18, 0, 4}, {19, 0, 7}, {20, 0, 6},
    {21, 0, 2}, {22, 0, 5}, {23, 0, 4}, {32, 0, 4}, {33, 0, 2}, {35, 0, 4}, {37, 0, 3}, {42, 0, 2},
    {44, 0, 1}, {47, 0, 0}, {60, 0, 1}};

api_versions_request software(std::string name, std::string version) {
    api_versions_request request;
    request.client_software_name = std::move(name);
    request.client_software_version = std::move(version);
    return request;
}

class api_versions_test : public dispatcher_test {};

TEST_F(api_versions_test, every_supported_version_lists_exactly_the_served_apis) {
    for (int16_t version = 0; version <= 4; ++version) {
        auto result = send(encode_request(software("librdkafka", "2.0.2"), version));
        // The ApiVersions response header is always v0, even for flexible versions.
        auto response = decode_response<api_versions_response>(result, version, 0);
        api_versions_response expected;
        expected.error_code = 0;
        expected.api_keys = k_all_ranges;
        expected.throttle_time_ms = 0;
        EXPECT_EQ(response, expected) << "v" << version;
    }
}

TEST_F(api_versions_test, v0_answer_is_exact_bytes) {
    auto result = send(encode_request(api_versions_request{}, 0));
    ASSERT_TRUE(result.response.has_value());
    const std::vector<uint8_t> expected = {
        0x01, 0x02, 0x03, 0x04,  // correlation id, header v0
        0x00, 0x00,              // no error
        0x00, 0x00, 0x00, 0x1b,  // 27 APIs
        0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,  // Produce 0..11
        0x00, 0x01, 0x00, 0x04, 0x00, 0x11,  // Fetch 4..17
        0x00, 0x02, 0x00, 0x01, 0x00, 0x0a,  // ListOffsets 1..10
        0x00, 0x03, 0x00, 0x00, 0x00, 0x0c,  // Metadata 0..12
        0x00, 0x08, 0x00, 0x00, 0x00, 0x09,  // OffsetCommit 0..9
        0x00, 0x09, 0x00, 0x00, 0x00, 0x09,  // OffsetFetch 0..9
        0x00, 0x0a, 0x00, 0x00, 0x00, 0x06,  // FindCoordinator 0..6
        0x00, 0x0b, 0x00, 0x00, 0x00, 0x09,  // JoinGroup 0..9
        0x00, 0x0c, 0x00, 0x00, 0x00, 0x04,  // Heartbeat 0..4
        0x00, 0x0d, 0x00, 0x00, 0x00, 0x05,  // LeaveGroup 0..5
        0x00, 0x0e, 0x00, 0x00, 0x00, 0x05,  // SyncGroup 0..5
        0x00, 0x0f, 0x00, 0x00, 0x00, 0x05,  // DescribeGroups 0..5
        0x00, 0x10, 0x00, 0x00, 0x00, 0x05,  // ListGroups 0..5
        0x00, 0x12, 0x00, 0x00, 0x00, 0x04,  // ApiVersions 0..4
        0x00, 0x13, 0x00, 0x00, 0x00, 0x07,  // CreateTopics 0..7
        0x00, 0x14, 0x00, 0x00, 0x00, 0x06,  // DeleteTopics 0..6
        0x00, 0x15, 0x00, 0x00, 0x00, 0x02,  // DeleteRecords 0..2
        0x00, 0x16, 0x00, 0x00, 0x00, 0x05,  // InitProducerId 0..5
        0x00, 0x17, 0x00, 0x00, 0x00, 0x04,  // OffsetForLeaderEpoch 0..4
        0x00, 0x20, 0x00, 0x00, 0x00, 0x04,  // DescribeConfigs 0..4
        0x00, 0x21, 0x00, 0x00, 0x00, 0x02,  // AlterConfigs 0..2
        0x00, 0x23, 0x00, 0x00, 0x00, 0x04,  // DescribeLogDirs 0..4
        0x00, 0x25, 0x00, 0x00, 0x00, 0x03,  // CreatePartitions 0..3
        0x00, 0x2a, 0x00, 0x00, 0x00, 0x02,  // DeleteGroups 0..2
        0x00, 0x2c, 0x00, 0x00, 0x00, 0x01,  // IncrementalAlterConfigs 0..1
        0x00, 0x2f, 0x00, 0x00, 0x00, 0x00,  // OffsetDelete 0
        0x00, 0x3c, 0x00, 0x00, 0x00, 0x01,  // DescribeCluster 0..1
    };
    EXPECT_EQ(result.response->linearize(), expected);
}

TEST_F(api_versions_test, too_new_version_gets_unsupported_version_in_v0_layout) {
    for (int16_t version : {int16_t{5}, int16_t{6}, int16_t{127}, int16_t{-1}}) {
        // Header v2 (ApiVersions is flexible from v3), then a body we must not parse.
        protocol::request_header header;
        header.api_key = 18;
        header.api_version = version;
        header.correlation_id = 99;
        header.client_id = "future-client";
        protocol::writer w;
        header.encode(w, version >= 3 ? 2 : 1);
        w.write_int32(0x7fffffff);  // garbage where a future body would be
        auto result = send(w.take());
        ASSERT_TRUE(result.response.has_value()) << version;
        EXPECT_FALSE(result.close_connection);
        const std::vector<uint8_t> expected = {
            0x00, 0x00, 0x00, 0x63,  // correlation id 99, header v0
            0x00, 0x23,              // UNSUPPORTED_VERSION (35)
            0x00, 0x00, 0x00, 0x01,  // one API: ApiVersions' own range
            0x00, 0x12, 0x00, 0x00, 0x00, 0x04,
        };
        EXPECT_EQ(result.response->linearize(), expected) << version;
    }
}

TEST_F(api_versions_test, invalid_software_name_or_version_gets_invalid_request) {
    const std::pair<std::string, std::string> bad[] = {
        {"", "1.0"}, {"lib", ""}, {"-lib", "1.0"}, {"lib-", "1.0"}, {"lib rd", "1.0"}, {"lib", "1.0."}, {"lib_x", "1"},
    };
    for (int16_t version : {int16_t{3}, int16_t{4}}) {
        for (const auto& [name, ver] : bad) {
            auto response =
                decode_response<api_versions_response>(send(encode_request(software(name, ver), version)), version, 0);
            api_versions_response expected;
            expected.error_code = 42;
            EXPECT_EQ(response, expected) << name << " " << ver;
        }
    }
    // Kafka's pattern allows dots and dashes inside, single characters, and digits.
    for (const auto& [name, ver] : {std::pair{"a", "1"}, std::pair{"apache-kafka.java", "3.9.0-SNAPSHOT"}}) {
        auto response = decode_response<api_versions_response>(send(encode_request(software(name, ver), 3)), 3, 0);
        EXPECT_EQ(response.error_code, 0) << name;
    }
}

TEST_F(api_versions_test, v3_body_that_does_not_decode_gets_invalid_request) {
    // Header v2 then a compact string claiming 10 bytes with only 2 present.
    auto result = send(raw_frame({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 'c', 0x00,  //
                                  0x0b, 'l', 'i'}));
    auto response = decode_response<api_versions_response>(result, 3, 0, 5);
    api_versions_response expected;
    expected.error_code = 42;
    EXPECT_EQ(response, expected);
}

TEST_F(api_versions_test, kcat_metadata_probe_request_is_answered) {
    // `kcat -L` (kcat 1.7.1, librdkafka 2.0.2): ApiVersions v3, header v2, correlation id 1,
    // client id "rdkafka", software "librdkafka" "2.0.2".
    auto result = send(raw_frame({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07, 'r', 'd',
                                  'k',  'a',  'f',  'k',  'a',  0x00, 0x0b, 'l',  'i',  'b',  'r',  'd',
                                  'k',  'a',  'f',  'k',  'a',  0x06, '2',  '.',  '0',  '.',  '2',  0x00}));
    auto response = decode_response<api_versions_response>(result, 3, 0, 1);
    EXPECT_EQ(response.error_code, 0);
    EXPECT_EQ(response.api_keys, k_all_ranges);
}

TEST(served_apis, ranges_never_exceed_the_codec_and_start_where_clients_need) {
    ASSERT_EQ(served_apis().size(), k_all_ranges.size());
    int16_t previous_key = -1;
    for (const served_api& api : served_apis()) {
        const protocol::api_info* codec = protocol::find_api(api.api_key);
        ASSERT_NE(codec, nullptr) << api.api_key;
        EXPECT_GT(api.api_key, previous_key);
        // API-VERSIONS.md section 2: Fetch from 4, ListOffsets from 1, every other one from 0.
        const int16_t expected_min = api.api_key == 1 ? 4 : api.api_key == 2 ? 1 : 0;
        EXPECT_EQ(api.min_version, expected_min) << codec->name;
        EXPECT_GE(api.min_version, codec->min_version) << codec->name;
        EXPECT_EQ(api.max_version, codec->max_version) << codec->name;
        EXPECT_NE((api.handle != nullptr), (api.handle_async != nullptr)) << codec->name;
        EXPECT_EQ(find_served_api(api.api_key), &api);
        // Only Produce advertises versions it does not serve (v0-v2, as Kafka 4.0).
        EXPECT_EQ(api.served_min_version, api.api_key == 0 ? 3 : api.min_version) << codec->name;
        previous_key = api.api_key;
    }
    EXPECT_EQ(find_served_api(34), nullptr);
    EXPECT_EQ(find_served_api(-1), nullptr);
    EXPECT_EQ(find_served_api(19)->shard, api_shard::controller);
    EXPECT_EQ(find_served_api(20)->shard, api_shard::controller);
    EXPECT_EQ(find_served_api(22)->shard, api_shard::controller);
    EXPECT_EQ(find_served_api(37)->shard, api_shard::controller);
    EXPECT_EQ(find_served_api(21)->shard, api_shard::connection);
    EXPECT_EQ(find_served_api(0)->shard, api_shard::connection);
    EXPECT_EQ(find_served_api(1)->shard, api_shard::connection);
    EXPECT_EQ(find_served_api(3)->shard, api_shard::connection);
    EXPECT_EQ(find_served_api(32)->shard, api_shard::connection);
    EXPECT_EQ(find_served_api(33)->shard, api_shard::controller);
    EXPECT_EQ(find_served_api(44)->shard, api_shard::controller);
}

}  // namespace
}  // namespace sb::kafka::testing

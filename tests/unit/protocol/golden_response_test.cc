// Responses that real clients accepted: the bodies below were written by
// tools/capture_client_requests.py (hand-encoded, independently of this codec) and
// answered kcat 1.7.1 / librdkafka 2.0.2 and kafka-python 2.0.2 in the capture sessions
// of golden_captures.h. The generated encoders must produce them byte for byte.

#include <gtest/gtest.h>

#include <span>
#include <vector>

#include "protocol/messages/api_versions.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/produce.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::protocol {
namespace {

// ApiVersions v3: error 0; keys 0:0-7, 1:0-11, 2:0-2, 3:0-4, 10:0-2, 18:0-3; throttle 0.
constexpr uint8_t k_api_versions_v3_response[] = {
    0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0b,
    0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
    0x0a, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00,
};

// Metadata v4: broker 0 at 127.0.0.1:19092 (rack null), cluster "golden-cluster",
// controller 0, topic "golden" with partition 0 led by 0, replicas [0], isr [0].
constexpr uint8_t k_metadata_v4_response[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x31, 0x32,
    0x37, 0x2e, 0x30, 0x2e, 0x30, 0x2e, 0x31, 0x00, 0x00, 0x4a, 0x94, 0xff, 0xff, 0x00, 0x0e, 0x67,
    0x6f, 0x6c, 0x64, 0x65, 0x6e, 0x2d, 0x63, 0x6c, 0x75, 0x73, 0x74, 0x65, 0x72, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x67, 0x6f, 0x6c, 0x64, 0x65, 0x6e, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
};

// Produce v7: topic "golden" partition 0, error 0, base offset 0, log append time -1,
// log start offset 0; throttle 0.
constexpr uint8_t k_produce_v7_response[] = {
    0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x67, 0x6f, 0x6c, 0x64, 0x65, 0x6e, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00,
};

// Encodes `message`, checks the bytes and encoded_size, then decodes them back.
template <class T>
void expect_encodes_to(const T& message, int16_t version, std::span<const uint8_t> expected) {
    writer w;
    message.encode(w, version);
    EXPECT_EQ(message.encoded_size(version), expected.size());
    EXPECT_EQ(w.take().linearize(), std::vector<uint8_t>(expected.begin(), expected.end()));
    reader r(expected);
    T decoded;
    ASSERT_TRUE(decoded.decode(r, version).has_value());
    EXPECT_EQ(r.remaining_bytes(), 0u);
    EXPECT_TRUE(decoded == message);
}

TEST(GoldenResponse, ApiVersionsV3) {
    api_versions_response resp;
    const int16_t ranges[][3] = {{0, 0, 7}, {1, 0, 11}, {2, 0, 2}, {3, 0, 4}, {10, 0, 2}, {18, 0, 3}};
    for (const auto& range : ranges) {
        auto& key = resp.api_keys.emplace_back();
        key.api_key = range[0];
        key.min_version = range[1];
        key.max_version = range[2];
    }
    expect_encodes_to(resp, 3, k_api_versions_v3_response);
}

TEST(GoldenResponse, MetadataV4) {
    metadata_response resp;
    auto& broker = resp.brokers.emplace_back();
    broker.node_id = 0;
    broker.host = "127.0.0.1";
    broker.port = 19092;
    resp.cluster_id = "golden-cluster";
    resp.controller_id = 0;
    auto& topic = resp.topics.emplace_back();
    topic.name = "golden";
    auto& partition = topic.partitions.emplace_back();
    partition.leader_id = 0;
    partition.replica_nodes = {0};
    partition.isr_nodes = {0};
    expect_encodes_to(resp, 4, k_metadata_v4_response);
}

TEST(GoldenResponse, ProduceV7) {
    produce_response resp;
    auto& topic = resp.responses.emplace_back();
    topic.name = "golden";
    auto& partition = topic.partition_responses.emplace_back();
    partition.base_offset = 0;
    partition.log_start_offset = 0;
    expect_encodes_to(resp, 7, k_produce_v7_response);
}

TEST(TaggedFields, SentOnlyWhenNonDefaultInAscendingTagOrder) {
    api_versions_response resp;  // no api keys, throttle 0
    writer plain;
    resp.encode(plain, 3);
    EXPECT_EQ(plain.take().linearize(),
              std::vector<uint8_t>({0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00}));  // empty tag section

    resp.zk_migration_ready = true;     // tag 3
    resp.finalized_features_epoch = 5;  // tag 1, default -1
    writer tagged;
    resp.encode(tagged, 3);
    EXPECT_EQ(resp.encoded_size(3), 8u + 10 + 3);
    EXPECT_EQ(tagged.take().linearize(),
              std::vector<uint8_t>({0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                    0x02,                                          // two tagged fields
                                    0x01, 0x08, 0, 0, 0, 0, 0, 0, 0, 5,            // tag 1: int64 5
                                    0x03, 0x01, 0x01}));                           // tag 3: true

    // In a classic version the same members are not on the wire at all.
    writer classic;
    resp.encode(classic, 2);
    EXPECT_EQ(classic.take().linearize(), std::vector<uint8_t>({0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
}

}  // namespace
}  // namespace sb::protocol

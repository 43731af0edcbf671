// Decodes request frames captured from real clients (golden_captures.h) and checks every
// field, then re-encodes header and body and checks the bytes come back identical.

#include <gtest/gtest.h>

#include <span>
#include <vector>

#include "base/crc32c.h"
#include "protocol/headers.h"
#include "protocol/messages/api_versions.h"
#include "protocol/messages/fetch.h"
#include "protocol/messages/consumer_protocol_subscription.h"
#include "protocol/messages/find_coordinator.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/list_offsets.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/produce.h"
#include "unit/protocol/golden_captures.h"

namespace sb::protocol {
namespace {

// Decodes one captured frame into `header` and `body`, checking that nothing is left over
// and that encoding them again reproduces the capture byte for byte.
template <class T>
void decode_capture(std::span<const uint8_t> capture, request_header& header, T& body) {
    const iobuf frame = iobuf::copy_of(capture);
    reader r(frame);
    auto decoded_header = read_request_header(r);
    ASSERT_TRUE(decoded_header.has_value());
    header = *decoded_header;
    ASSERT_EQ(header.api_key, T::api_key);
    const sb::status st = body.decode(r, header.api_version);
    ASSERT_TRUE(st.has_value()) << error_name(st.error());
    EXPECT_EQ(r.remaining_bytes(), 0u);

    writer w;
    header.encode(w, request_header_version(*find_api(header.api_key), header.api_version));
    body.encode(w, header.api_version);
    EXPECT_EQ(w.take().linearize(), std::vector<uint8_t>(capture.begin(), capture.end()));
    EXPECT_EQ(header.encoded_size(request_header_version(*find_api(header.api_key), header.api_version)) +
                  body.encoded_size(header.api_version),
              capture.size());
}

TEST(GoldenCapture, KcatApiVersionsV3) {
    request_header header;
    api_versions_request req;
    decode_capture(golden::k_kcat_api_versions_v3, header, req);
    EXPECT_EQ(header.api_version, 3);
    EXPECT_EQ(header.correlation_id, 1);
    EXPECT_EQ(header.client_id, "rdkafka");
    EXPECT_EQ(req.client_software_name, "librdkafka");
    EXPECT_EQ(req.client_software_version, "2.0.2");
}

TEST(GoldenCapture, ConfluentKafkaApiVersionsV3) {
    request_header header;
    api_versions_request req;
    decode_capture(golden::k_confluent_api_versions_v3, header, req);
    EXPECT_EQ(header.api_version, 3);
    EXPECT_EQ(header.correlation_id, 1);
    EXPECT_EQ(header.client_id, "golden-ck");
    EXPECT_EQ(req.client_software_name, "confluent-kafka-python");
    EXPECT_EQ(req.client_software_version, "1.7.0-rdkafka-2.0.2");
}

TEST(GoldenCapture, KafkaPythonApiVersionsV0) {
    request_header header;
    api_versions_request req;
    decode_capture(golden::k_kafka_python_api_versions_v0, header, req);
    EXPECT_EQ(header.api_version, 0);
    EXPECT_EQ(header.correlation_id, 1);
    EXPECT_EQ(header.client_id, "golden-py");
    EXPECT_EQ(req.client_software_name, "");  // v0 has no body
    EXPECT_EQ(req.client_software_version, "");
}

TEST(GoldenCapture, KcatMetadataV4AllTopics) {
    request_header header;
    metadata_request req;
    decode_capture(golden::k_kcat_metadata_v4, header, req);
    EXPECT_EQ(header.api_version, 4);
    EXPECT_EQ(header.correlation_id, 3);
    EXPECT_EQ(header.client_id, "rdkafka");
    EXPECT_FALSE(req.topics.has_value());  // null: all topics
    EXPECT_TRUE(req.allow_auto_topic_creation);
}

TEST(GoldenCapture, KafkaPythonMetadataV0EmptyListMeansAllTopics) {
    request_header header;
    metadata_request req;
    decode_capture(golden::k_kafka_python_metadata_v0, header, req);
    EXPECT_EQ(header.api_version, 0);
    EXPECT_EQ(header.correlation_id, 2);
    EXPECT_EQ(header.client_id, "golden-py");
    ASSERT_TRUE(req.topics.has_value());
    EXPECT_TRUE(req.topics->empty());
}

TEST(GoldenCapture, KafkaPythonMetadataV1) {
    request_header header;
    metadata_request req;
    decode_capture(golden::k_kafka_python_metadata_v1, header, req);
    EXPECT_EQ(header.api_version, 1);
    EXPECT_EQ(header.correlation_id, 3);
    EXPECT_FALSE(req.topics.has_value());
    EXPECT_TRUE(req.allow_auto_topic_creation);  // not on the wire before v4: the default
}

// The record batch is a zero-copy view of the frame; check its header fields by offset and
// its CRC-32C (over attributes..end) so that the view is exactly the client's batch.
void expect_one_batch(const record_set& records, std::size_t size_bytes, int32_t records_count) {
    ASSERT_FALSE(records.is_null());
    ASSERT_EQ(records.size_bytes(), size_bytes);
    const std::vector<uint8_t> batch = records.bytes().linearize();
    const auto be32 = [&](std::size_t at) {
        return static_cast<uint32_t>(batch[at] << 24 | batch[at + 1] << 16 | batch[at + 2] << 8 | batch[at + 3]);
    };
    EXPECT_EQ(be32(8), size_bytes - 12);  // batchLength: everything after itself
    EXPECT_EQ(batch[16], 2);              // magic
    EXPECT_EQ(be32(17), crc32c::value(batch.data() + 21, batch.size() - 21));
    EXPECT_EQ(static_cast<int32_t>(be32(57)), records_count);
}

TEST(GoldenCapture, KcatProduceV7RecordsAreASliceOfTheFrame) {
    const iobuf frame = iobuf::copy_of(std::span<const uint8_t>(golden::k_kcat_produce_v7));
    reader r(frame);
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->api_version, 7);
    EXPECT_EQ(header->correlation_id, 3);
    EXPECT_EQ(header->client_id, "rdkafka");
    produce_request req;
    ASSERT_TRUE(req.decode(r, header->api_version).has_value());
    EXPECT_EQ(r.remaining_bytes(), 0u);
    EXPECT_FALSE(req.transactional_id.has_value());
    EXPECT_EQ(req.acks, -1);
    EXPECT_EQ(req.timeout_ms, 30000);
    ASSERT_EQ(req.topic_data.size(), 1u);
    EXPECT_EQ(req.topic_data[0].name, "golden");
    ASSERT_EQ(req.topic_data[0].partition_data.size(), 1u);
    const auto& partition = req.topic_data[0].partition_data[0];
    EXPECT_EQ(partition.index, 0);
    expect_one_batch(partition.records, 84, 1);
    // Zero-copy: the batch starts 49 bytes into the frame's own chunk.
    ASSERT_EQ(partition.records.bytes().fragments().size(), 1u);
    EXPECT_EQ(partition.records.bytes().fragments()[0].data(), frame.fragments()[0].data() + 49);

    request_header h;
    produce_request again;
    decode_capture(golden::k_kcat_produce_v7, h, again);
    EXPECT_TRUE(again == req);
}

TEST(GoldenCapture, KafkaPythonProduceV7) {
    request_header header;
    produce_request req;
    decode_capture(golden::k_kafka_python_produce_v7, header, req);
    EXPECT_EQ(header.api_version, 7);
    EXPECT_EQ(header.correlation_id, 1);
    EXPECT_EQ(header.client_id, "golden-py");
    EXPECT_FALSE(req.transactional_id.has_value());
    EXPECT_EQ(req.acks, 1);
    EXPECT_EQ(req.timeout_ms, 30000);
    ASSERT_EQ(req.topic_data.size(), 1u);
    EXPECT_EQ(req.topic_data[0].name, "golden");
    ASSERT_EQ(req.topic_data[0].partition_data.size(), 1u);
    EXPECT_EQ(req.topic_data[0].partition_data[0].index, 0);
    expect_one_batch(req.topic_data[0].partition_data[0].records, 92, 1);
}

TEST(GoldenCapture, KcatListOffsetsV2Earliest) {
    request_header header;
    list_offsets_request req;
    decode_capture(golden::k_kcat_list_offsets_v2, header, req);
    EXPECT_EQ(header.api_version, 2);
    EXPECT_EQ(header.correlation_id, 4);
    EXPECT_EQ(req.replica_id, -1);
    EXPECT_EQ(req.isolation_level, 1);  // read_committed, librdkafka's default
    ASSERT_EQ(req.topics.size(), 1u);
    EXPECT_EQ(req.topics[0].name, "golden");
    ASSERT_EQ(req.topics[0].partitions.size(), 1u);
    EXPECT_EQ(req.topics[0].partitions[0].partition_index, 0);
    EXPECT_EQ(req.topics[0].partitions[0].timestamp, -2);  // earliest
    EXPECT_EQ(req.topics[0].partitions[0].current_leader_epoch, -1);  // v4+: default
}

TEST(GoldenCapture, KcatFetchV11) {
    request_header header;
    fetch_request req;
    decode_capture(golden::k_kcat_fetch_v11, header, req);
    EXPECT_EQ(header.api_version, 11);
    EXPECT_EQ(header.correlation_id, 5);
    EXPECT_EQ(header.client_id, "rdkafka");
    EXPECT_EQ(req.replica_id, -1);
    EXPECT_EQ(req.max_wait_ms, 500);
    EXPECT_EQ(req.min_bytes, 1);
    EXPECT_EQ(req.max_bytes, 52428800);
    EXPECT_EQ(req.isolation_level, 1);  // read_committed, librdkafka's default
    EXPECT_EQ(req.session_id, 0);
    EXPECT_EQ(req.session_epoch, -1);
    ASSERT_EQ(req.topics.size(), 1u);
    EXPECT_EQ(req.topics[0].topic, "golden");
    EXPECT_TRUE(req.topics[0].topic_id.is_nil());  // v13+
    ASSERT_EQ(req.topics[0].partitions.size(), 1u);
    const auto& p = req.topics[0].partitions[0];
    EXPECT_EQ(p.partition, 0);
    EXPECT_EQ(p.current_leader_epoch, -1);
    EXPECT_EQ(p.fetch_offset, 0);
    EXPECT_EQ(p.log_start_offset, -1);
    EXPECT_EQ(p.partition_max_bytes, 1048576);
    EXPECT_TRUE(req.forgotten_topics_data.empty());
    EXPECT_EQ(req.rack_id, "");
    EXPECT_FALSE(req.cluster_id.has_value());  // tagged, v12+
}

TEST(GoldenCapture, ConfluentKafkaFindCoordinatorV2) {
    request_header header;
    find_coordinator_request req;
    decode_capture(golden::k_confluent_find_coordinator_v2, header, req);
    EXPECT_EQ(header.api_version, 2);
    EXPECT_EQ(header.correlation_id, 3);
    EXPECT_EQ(header.client_id, "golden-ck");
    EXPECT_EQ(req.key, "golden-group");
    EXPECT_EQ(req.key_type, 0);  // a consumer group
    EXPECT_TRUE(req.coordinator_keys.empty());
}

TEST(GoldenCapture, ConfluentKafkaJoinGroupV5WithConsumerSubscriptions) {
    request_header header;
    join_group_request req;
    decode_capture(golden::k_confluent_join_group_v5, header, req);
    EXPECT_EQ(header.api_version, 5);
    EXPECT_EQ(header.correlation_id, 3);
    EXPECT_EQ(header.client_id, "golden-ck");
    EXPECT_EQ(req.group_id, "golden-group");
    EXPECT_EQ(req.session_timeout_ms, 45000);
    EXPECT_EQ(req.rebalance_timeout_ms, 300000);
    EXPECT_EQ(req.member_id, "");
    EXPECT_FALSE(req.group_instance_id.has_value());
    EXPECT_EQ(req.protocol_type, "consumer");
    ASSERT_EQ(req.protocols.size(), 2u);
    EXPECT_EQ(req.protocols[0].name, "range");
    EXPECT_EQ(req.protocols[1].name, "roundrobin");
    for (const auto& protocol : req.protocols) {
        // The metadata is an int16 version, then ConsumerProtocolSubscription at that version.
        ASSERT_EQ(protocol.metadata.size(), 22u);
        reader r{std::span<const uint8_t>(protocol.metadata)};
        const int16_t version = r.read_int16();
        EXPECT_EQ(version, 1);
        consumer_protocol_subscription subscription;
        ASSERT_TRUE(subscription.decode(r, version).has_value());
        EXPECT_EQ(r.remaining_bytes(), 0u);
        EXPECT_EQ(subscription.topics, std::vector<std::string>{"golden"});
        ASSERT_TRUE(subscription.user_data.has_value());  // empty, not null
        EXPECT_TRUE(subscription.user_data->empty());
        EXPECT_TRUE(subscription.owned_partitions.empty());
        EXPECT_EQ(subscription.generation_id, -1);  // v2+: default
    }
}

}  // namespace
}  // namespace sb::protocol

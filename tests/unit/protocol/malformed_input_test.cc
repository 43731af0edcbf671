// Hostile and broken input: every case must end in invalid_request without reading out of
// bounds or allocating more than the frame could justify (ASan checks both).

#include <gtest/gtest.h>

#include <span>
#include <vector>

#include "protocol/headers.h"
#include "protocol/messages/api_versions.h"
#include "protocol/messages/fetch.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/produce.h"
#include "protocol/wire_limits.h"
#include "unit/protocol/golden_captures.h"
#include "unit/protocol/test_bytes.h"

namespace sb::protocol {
namespace {

// Decodes header and body of a frame; the error code, or none.
template <class T>
error_code decode_frame(std::span<const uint8_t> bytes) {
    reader r(bytes);
    auto header = read_request_header(r);
    if (!header) return header.error();
    EXPECT_EQ(header->api_key, T::api_key);
    T body;
    const sb::status st = body.decode(r, header->api_version);
    return st ? error_code::none : st.error();
}

template <class T>
void expect_every_truncation_rejected(std::span<const uint8_t> capture) {
    ASSERT_EQ(decode_frame<T>(capture), error_code::none);
    for (std::size_t size = 0; size < capture.size(); ++size) {
        EXPECT_EQ(decode_frame<T>(capture.first(size)), error_code::invalid_request) << "prefix of " << size;
    }
}

TEST(MalformedInput, EveryTruncatedCaptureIsRejected) {
    expect_every_truncation_rejected<api_versions_request>(golden::k_kcat_api_versions_v3);
    expect_every_truncation_rejected<metadata_request>(golden::k_kcat_metadata_v4);
    expect_every_truncation_rejected<metadata_request>(golden::k_kafka_python_metadata_v0);
    expect_every_truncation_rejected<produce_request>(golden::k_kcat_produce_v7);
    expect_every_truncation_rejected<fetch_request>(golden::k_kcat_fetch_v11);
    expect_every_truncation_rejected<join_group_request>(golden::k_confluent_join_group_v5);
}

// Metadata v1 request header (correlation id 9, client id "c") followed by `body`.
std::vector<uint8_t> metadata_v1_frame(std::initializer_list<int> body) {
    auto frame = bytes_of({0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 'c'});
    for (int b : body) frame.push_back(static_cast<uint8_t>(b));
    return frame;
}

TEST(MalformedInput, NegativeArrayLengthBelowNullIsRejected) {
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0xFF, 0xFF, 0xFF, 0xFE})), error_code::invalid_request);
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0x80, 0x00, 0x00, 0x00})), error_code::invalid_request);
}

TEST(MalformedInput, NullArrayWhereNotNullableIsRejected) {
    // Metadata v0: the topic list is not nullable.
    auto frame = bytes_of({0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 'c', 0xFF, 0xFF, 0xFF, 0xFF});
    EXPECT_EQ(decode_frame<metadata_request>(frame), error_code::invalid_request);
}

TEST(MalformedInput, HugeArrayCountIsRejectedBeforeAllocating) {
    // 2^31-1 topics announced, 2 bytes follow: would be ~100 GB of structs if trusted.
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x00})),
              error_code::invalid_request);
    // Each topic takes at least a 2-byte name: 3 topics cannot fit in 5 bytes.
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0x00, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0})),
              error_code::invalid_request);
}

TEST(MalformedInput, StringLongerThanTheFrameIsRejected) {
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0x00, 0x00, 0x00, 0x01, 0x7F, 0xFF, 'a', 'b'})),
              error_code::invalid_request);
    EXPECT_EQ(decode_frame<metadata_request>(metadata_v1_frame({0x00, 0x00, 0x00, 0x01, 0xFF, 0xFE})),
              error_code::invalid_request);
}

TEST(MalformedInput, CompactStringOverKafkaLimitIsRejected) {
    // ApiVersions v3 with a client software name of 32768 bytes (compact length 32769).
    auto frame = bytes_of({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00});
    const uint32_t compact_length = k_max_string_bytes + 2;
    frame.push_back(static_cast<uint8_t>(compact_length | 0x80));
    frame.push_back(static_cast<uint8_t>((compact_length >> 7) | 0x80));
    frame.push_back(static_cast<uint8_t>(compact_length >> 14));
    frame.insert(frame.end(), k_max_string_bytes + 1, 'x');
    frame.push_back(0x01);
    frame.push_back(0x00);
    EXPECT_EQ(decode_frame<api_versions_request>(frame), error_code::invalid_request);
}

// ApiVersions v3 frame: header v2 (client id "c", no tags), then `body`.
std::vector<uint8_t> api_versions_v3_frame(std::initializer_list<int> body) {
    auto frame = bytes_of({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'c', 0x00});
    for (int b : body) frame.push_back(static_cast<uint8_t>(b));
    return frame;
}

TEST(MalformedInput, OverLongVarintIsRejected) {
    // Six continuation bytes: longer than any 32-bit varint.
    EXPECT_EQ(decode_frame<api_versions_request>(api_versions_v3_frame({0x80, 0x80, 0x80, 0x80, 0x80, 0x01})),
              error_code::invalid_request);
    // Five bytes whose last carries more than the 4 bits left of 32.
    EXPECT_EQ(decode_frame<api_versions_request>(api_versions_v3_frame({0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0x01, 0x00})),
              error_code::invalid_request);
    // A varint cut off by the end of the frame.
    EXPECT_EQ(decode_frame<api_versions_request>(api_versions_v3_frame({0x81})), error_code::invalid_request);
}

TEST(MalformedInput, UnknownTaggedFieldsAreSkipped) {
    // name "ab", version "1", then two tagged fields this version does not know:
    // tag 7 (2 bytes) and tag 1000 (varint 0xE8 0x07, 0 bytes).
    const auto frame =
        api_versions_v3_frame({0x03, 'a', 'b', 0x02, '1', 0x02, 0x07, 0x02, 0xAA, 0xBB, 0xE8, 0x07, 0x00});
    reader r{std::span<const uint8_t>(frame)};
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    api_versions_request req;
    ASSERT_TRUE(req.decode(r, header->api_version).has_value());
    EXPECT_EQ(req.client_software_name, "ab");
    EXPECT_EQ(req.client_software_version, "1");
    EXPECT_EQ(r.remaining_bytes(), 0u);
}

TEST(MalformedInput, UnknownTaggedFieldLargerThanTheFrameIsRejected) {
    // Tag 7 claims 0x0FFFFFFF bytes.
    EXPECT_EQ(decode_frame<api_versions_request>(
                  api_versions_v3_frame({0x03, 'a', 'b', 0x02, '1', 0x01, 0x07, 0xFF, 0xFF, 0xFF, 0x7F, 0x00})),
              error_code::invalid_request);
    // A tagged-field count far beyond what the remaining bytes could hold.
    EXPECT_EQ(decode_frame<api_versions_request>(
                  api_versions_v3_frame({0x03, 'a', 'b', 0x02, '1', 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})),
              error_code::invalid_request);
}

TEST(MalformedInput, KnownTaggedFieldMustFillItsDeclaredSize) {
    // Fetch v12 request with tag 0 (cluster id) declared as 4 bytes but holding a 2-byte
    // compact string: the decoder must notice the mismatch rather than drift.
    auto frame = bytes_of({0x00, 0x01, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'c', 0x00});
    const auto body = bytes_of({0xFF, 0xFF, 0xFF, 0xFF,  // replica id
                                0, 0, 0, 0, 0, 0, 0, 1,  // max wait, min bytes
                                0, 0, 0, 1, 0,           // max bytes, isolation level
                                0, 0, 0, 0, 0, 0, 0, 0,  // session id, epoch
                                0x01, 0x01, 0x01,        // topics [], forgotten [], rack ""
                                0x01, 0x00, 0x04, 0x02, 'x', 0, 0});
    frame.insert(frame.end(), body.begin(), body.end());
    EXPECT_EQ(decode_frame<fetch_request>(frame), error_code::invalid_request);
    // The same with the size right (2 bytes, then the 2 spare bytes gone) decodes.
    frame.resize(frame.size() - 2);
    frame[frame.size() - 3] = 0x02;
    reader r{std::span<const uint8_t>(frame)};
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    fetch_request req;
    ASSERT_TRUE(req.decode(r, header->api_version).has_value());
    EXPECT_EQ(req.cluster_id, "x");
}

TEST(MalformedInput, NegativeBytesLengthIsRejected) {
    // Produce v3: transactional id null, acks 1, timeout 0, one topic "t", one partition whose
    // records length is -5.
    const auto frame = bytes_of({0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'c',
                                 0xFF, 0xFF, 0x00, 0x01, 0, 0, 0, 0,
                                 0, 0, 0, 1, 0x00, 0x01, 't', 0, 0, 0, 1, 0, 0, 0, 0,
                                 0xFF, 0xFF, 0xFF, 0xFB});
    EXPECT_EQ(decode_frame<produce_request>(frame), error_code::invalid_request);
}

TEST(MalformedInput, ErrorsAreStickyAndStopReading) {
    const auto data = bytes_of({0x00, 0x05, 'a'});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_string(false), "");
    EXPECT_EQ(r.error(), error_code::invalid_request);
    EXPECT_EQ(r.remaining_bytes(), 0u);
    EXPECT_EQ(r.read_int64(), 0);
    EXPECT_EQ(r.read_array_length(false, false, 1), 0);
    EXPECT_EQ(r.error(), error_code::invalid_request);
    EXPECT_FALSE(r.status().has_value());
}

}  // namespace
}  // namespace sb::protocol

#include "protocol/headers.h"

#include <gtest/gtest.h>

#include <vector>

#include "protocol/messages/api_catalog.h"
#include "unit/protocol/test_bytes.h"

namespace sb::protocol {
namespace {

TEST(Catalog, KnowsBrokerApisWithStableVersionsOnly) {
    const api_info* metadata = find_api(3);
    ASSERT_NE(metadata, nullptr);
    EXPECT_EQ(metadata->name, "Metadata");
    EXPECT_EQ(metadata->min_version, 0);
    EXPECT_EQ(metadata->max_version, 12);
    EXPECT_EQ(metadata->first_flexible_version, 9);
    EXPECT_TRUE(metadata->supports(12));
    EXPECT_FALSE(metadata->supports(13));

    const api_info* end_txn = find_api(26);  // v5 is marked latestVersionUnstable
    ASSERT_NE(end_txn, nullptr);
    EXPECT_EQ(end_txn->max_version, 4);

    const api_info* sasl_handshake = find_api(17);  // never flexible
    ASSERT_NE(sasl_handshake, nullptr);
    EXPECT_EQ(sasl_handshake->first_flexible_version, -1);
    EXPECT_FALSE(sasl_handshake->is_flexible(1));

    EXPECT_EQ(find_api(4), nullptr);   // LeaderAndIsr: ZooKeeper brokers only
    EXPECT_EQ(find_api(52), nullptr);  // Vote: KRaft controllers only
    EXPECT_EQ(find_api(76), nullptr);  // ShareGroupHeartbeat: only an unstable version
    EXPECT_EQ(find_api(-1), nullptr);
    EXPECT_EQ(find_api(1000), nullptr);
}

TEST(Catalog, ListsApisByAscendingKey) {
    const auto apis = all_apis();
    ASSERT_FALSE(apis.empty());
    EXPECT_EQ(apis.front().api_key, 0);
    for (std::size_t i = 1; i < apis.size(); ++i) {
        EXPECT_LT(apis[i - 1].api_key, apis[i].api_key);
        EXPECT_EQ(find_api(apis[i].api_key), &apis[i]);
    }
}

TEST(HeaderVersion, FollowsFlexibilityExceptApiVersionsResponse) {
    const api_info& metadata = *find_api(3);
    EXPECT_EQ(request_header_version(metadata, 8), 1);
    EXPECT_EQ(request_header_version(metadata, 9), 2);
    EXPECT_EQ(response_header_version(metadata, 8), 0);
    EXPECT_EQ(response_header_version(metadata, 9), 1);

    const api_info& api_versions = *find_api(18);
    EXPECT_EQ(request_header_version(api_versions, 2), 1);
    EXPECT_EQ(request_header_version(api_versions, 3), 2);
    EXPECT_EQ(response_header_version(api_versions, 3), 0);
    EXPECT_EQ(response_header_version(api_versions, 4), 0);
    // A version newer than we support is still parsed by the flexible rule.
    EXPECT_EQ(request_header_version(api_versions, 9), 2);
}

TEST(RequestHeader, ReadsV1WithNullClientId) {
    // Metadata v1, correlation id 7, client id null.
    const auto frame = bytes_of({0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0xFF, 0xFF});
    reader r{std::span<const uint8_t>(frame)};
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->api_key, 3);
    EXPECT_EQ(header->api_version, 1);
    EXPECT_EQ(header->correlation_id, 7);
    EXPECT_EQ(header->client_id, std::nullopt);
    EXPECT_EQ(r.remaining_bytes(), 0u);
}

TEST(RequestHeader, ReadsV2ClientIdWithInt16LengthAndSkipsTaggedFields) {
    // Metadata v9: header v2. The client id keeps its int16 length (flexibleVersions "none"),
    // then a tagged-field section with one unknown field (tag 4, 2 bytes).
    const auto frame = bytes_of({0x00, 0x03, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 'c', 'k', 0x01, 0x04, 0x02,
                                 0xAA, 0xBB, 0x5A});
    reader r{std::span<const uint8_t>(frame)};
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->api_version, 9);
    EXPECT_EQ(header->correlation_id, 256);
    EXPECT_EQ(header->client_id, "ck");
    EXPECT_EQ(r.read_int8(), 0x5A);  // the body starts right after the header
}

TEST(RequestHeader, V0HasNoClientId) {
    // Header v0 (ControlledShutdown v0 only): key, version, correlation id.
    const auto bytes = bytes_of({0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09});
    reader r{std::span<const uint8_t>(bytes)};
    request_header header;
    ASSERT_TRUE(header.decode(r, 0).has_value());
    EXPECT_EQ(header.api_key, 7);
    EXPECT_EQ(header.api_version, 0);
    EXPECT_EQ(header.correlation_id, 9);
    EXPECT_EQ(header.client_id, "");  // absent: the default
    EXPECT_EQ(r.remaining_bytes(), 0u);
    EXPECT_EQ(header.encoded_size(0), 8u);
}

TEST(RequestHeader, UnknownApiKeyIsReadAsV1) {
    const auto frame = bytes_of({0x03, 0xE7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x00});
    reader r{std::span<const uint8_t>(frame)};
    auto header = read_request_header(r);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->api_key, 999);
    EXPECT_EQ(header->correlation_id, 42);
    EXPECT_EQ(header->client_id, "");
}

TEST(RequestHeader, TruncatedHeaderIsInvalidRequest) {
    for (std::size_t size = 0; size < 10; ++size) {
        const auto full = bytes_of({0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, 'x'});
        reader r{std::span<const uint8_t>(full.data(), size)};
        auto header = read_request_header(r);
        ASSERT_FALSE(header.has_value()) << size;
        EXPECT_EQ(header.error(), error_code::invalid_request);
    }
}

TEST(ResponseHeader, V0ForClassicV1ForFlexibleV0ForApiVersions) {
    request_header request;
    request.correlation_id = 0x01020304;

    request.api_key = 3;
    request.api_version = 4;
    writer classic;
    write_response_header(classic, request);
    EXPECT_EQ(classic.take().linearize(), bytes_of({1, 2, 3, 4}));

    request.api_version = 12;
    writer flexible;
    write_response_header(flexible, request);
    EXPECT_EQ(flexible.take().linearize(), bytes_of({1, 2, 3, 4, 0}));

    request.api_key = 18;
    request.api_version = 3;
    writer api_versions;
    write_response_header(api_versions, request);
    EXPECT_EQ(api_versions.take().linearize(), bytes_of({1, 2, 3, 4}));
}

}  // namespace
}  // namespace sb::protocol

#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/executor_work_guard.hpp>

#include "kafka_test_fixture.h"
#include "protocol/messages/alter_replica_log_dirs.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/produce.h"

namespace sb::kafka::testing {
namespace {

using protocol::metadata_request;
using protocol::metadata_response;

class request_dispatcher_test : public dispatcher_test {};

TEST_F(request_dispatcher_test, unknown_api_key_closes_the_connection) {
    // Key 1000, version 0, correlation 1, client id "x" (header v1), no body.
    expect_closed(raw_frame({0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x'}));
    expect_closed(raw_frame({0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x'}));
}

TEST_F(request_dispatcher_test, api_the_codec_knows_but_we_do_not_serve_closes_the_connection) {
    expect_closed(encode_request(protocol::alter_replica_log_dirs_request{}, 1));
}

TEST_F(request_dispatcher_test, produce_v0_to_v2_are_advertised_but_close_the_connection_as_in_kafka_4) {
    for (int16_t version = 0; version <= 2; ++version) expect_closed(encode_request(protocol::produce_request{}, version));
    protocol::produce_request acks_zero;
    acks_zero.acks = 0;
    auto result = send(encode_request(acks_zero, 3));
    EXPECT_FALSE(result.close_connection);
    EXPECT_FALSE(result.response.has_value());  // acks=0: no response at all
}

TEST_F(request_dispatcher_test, unsupported_version_of_another_api_closes_the_connection) {
    // Metadata v13 (header v2) and v-1 (header v1): outside 0..12.
    expect_closed(raw_frame({0x00, 0x03, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 0x00, 0x01, 0x01, 0x00, 0x00}));
    expect_closed(raw_frame({0x00, 0x03, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 0xff, 0xff, 0xff, 0xff}));
}

TEST_F(request_dispatcher_test, body_that_does_not_decode_closes_the_connection) {
    // Metadata v1: topic array of 5 entries, then nothing.
    expect_closed(raw_frame({0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 0x00, 0x00, 0x00, 0x05}));
    // Metadata v4: the AllowAutoTopicCreation byte is missing.
    expect_closed(raw_frame({0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 0xff, 0xff, 0xff, 0xff}));
    // CreateTopics v0 with a truncated topic name.
    expect_closed(raw_frame({0x00, 0x13, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x', 0x00, 0x00, 0x00, 0x01,
                             0x00, 0x09, 'a'}));
}

TEST_F(request_dispatcher_test, header_that_does_not_decode_closes_the_connection) {
    expect_closed(raw_frame({}));
    expect_closed(raw_frame({0x00, 0x03}));
    expect_closed(raw_frame({0x00, 0x03, 0x00, 0x01, 0x00, 0x00}));
    // Client id length 10 with 1 byte present.
    expect_closed(raw_frame({0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0a, 'x'}));
}

TEST_F(request_dispatcher_test, echoes_correlation_id_and_accepts_a_null_client_id) {
    metadata_request request;
    request.topics = std::nullopt;
    for (int32_t correlation : {0, -1, 123456789}) {
        auto response = decode_response<metadata_response>(send(encode_request(request, 1, correlation, std::nullopt)),
                                                           1, 0, correlation);
        EXPECT_EQ(response.controller_id, k_node_id);
    }
}

TEST_F(request_dispatcher_test, response_header_is_v1_exactly_for_flexible_versions) {
    metadata_request request;
    request.topics = std::nullopt;
    for (int16_t version = 0; version <= 12; ++version) {
        auto result = send(encode_request(request, version));
        ASSERT_TRUE(result.response.has_value());
        const std::vector<uint8_t> bytes = result.response->linearize();
        // Header v0 is the correlation id; v1 adds an empty tagged-field section (0x00).
        // The next byte starts the body: throttle time (v3+) or the broker array.
        protocol::metadata_response expected_body;
        expected_body.brokers.push_back({k_node_id, k_host, k_port, std::nullopt});
        expected_body.cluster_id = k_cluster_id;
        expected_body.controller_id = k_node_id;
        protocol::writer body;
        expected_body.encode(body, version);
        const std::size_t header_bytes = version >= 9 ? 5 : 4;
        ASSERT_EQ(bytes.size(), header_bytes + body.size_bytes()) << version;
        if (version >= 9) {
            EXPECT_EQ(bytes[4], 0x00);
        }
        EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(header_bytes), bytes.end()),
                  body.take().linearize())
            << version;
    }
}

TEST_F(request_dispatcher_test, controller_requests_from_another_shard_run_on_the_controller) {
    boost::asio::io_context controller_io;
    auto guard = boost::asio::make_work_guard(controller_io);
    std::thread controller_thread([&] { controller_io.run(); });
    request_dispatcher shard1(1, config_, topics_, controller_io.get_executor(), services_);

    protocol::create_topics_request request;
    request.topics.push_back({"hopped", 2, 1, {}, {}});
    std::optional<net::handler_result> out;
    net::connection_info conn{43, "127.0.0.1:50001", 1};
    net::ordered_stage stage;
    boost::asio::co_spawn(io_, shard1.handle(conn, encode_request(request, 5), stage),
                          [&](std::exception_ptr e, net::handler_result r) {
                              if (e) std::rethrow_exception(e);
                              out = std::move(r);
                          });
    while (!out) io_.run_one();
    guard.reset();
    controller_thread.join();

    ASSERT_TRUE(out.has_value());
    auto response = decode_response<protocol::create_topics_response>(*out, 5, 1);
    ASSERT_EQ(response.topics.size(), 1u);
    EXPECT_EQ(response.topics[0].error_code, 0);
    ASSERT_NE(topics_->snapshot()->find("hopped"), nullptr);
    EXPECT_EQ(topics_->snapshot()->find("hopped")->partition_count(), 2);
}

}  // namespace
}  // namespace sb::kafka::testing

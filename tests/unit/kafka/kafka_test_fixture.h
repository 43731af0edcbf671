#pragma once
// Drives a request_dispatcher the way the network server does: request frames in (built
// with the codec's encoders), response frames out (read back with its decoders).

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "cluster/partition_manager.h"
#include "cluster/producer_id_allocator.h"
#include "cluster/shard_blocking_executor.h"
#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "kafka/broker_services.h"
#include "kafka/request_dispatcher.h"
#include "protocol/headers.h"
#include "storage/file_system.h"
#include "../cluster/await_now.h"
#include "../cluster/temp_dir.h"

namespace sb::kafka::testing {

// Keeps topics in memory: these tests are about the wire, not the disk.
class memory_topic_store final : public cluster::topic_store {
public:
    sb::result<std::vector<cluster::topic_metadata>> load() override { return std::vector<cluster::topic_metadata>{}; }
    sb::status save(const cluster::topic_snapshot&) override { return {}; }
};

constexpr int32_t k_node_id = 7;
constexpr const char* k_host = "broker.example";
constexpr int32_t k_port = 19092;
constexpr const char* k_cluster_id = "MkU3OEVBNTcwNTJENDM2Qg";
constexpr int32_t k_correlation_id = 0x01020304;

inline broker_config test_config() {
    broker_config config;
    config.node_id = k_node_id;
    config.advertised_host = k_host;
    config.advertised_port = k_port;
    config.cluster_id = k_cluster_id;
    config.auto_create_topics_enable = false;  // the tests that want it turn it on
    return config;
}


// A request frame: header (v1, or v2 at a flexible version) then the body.
template <class Request>
iobuf encode_request(const Request& request, int16_t version, int32_t correlation_id = k_correlation_id,
                     std::optional<std::string> client_id = std::string("test-client")) {
    protocol::request_header header;
    header.api_key = Request::api_key;
    header.api_version = version;
    header.correlation_id = correlation_id;
    header.client_id = std::move(client_id);
    protocol::writer w;
    header.encode(w, protocol::request_header_version(*protocol::find_api(Request::api_key), version));
    request.encode(w, version);
    return w.take();
}

// A frame from raw bytes (header and body written by hand).
inline iobuf raw_frame(std::initializer_list<uint8_t> bytes) {
    return iobuf::copy_of(std::span<const uint8_t>(bytes.begin(), bytes.size()));
}

// Reads a response frame: checks the header (v0, or v1 = v0 plus an empty tagged-field
// section) and the correlation id, decodes the body at `version`, and checks that no
// byte is left over.
template <class Response>
Response decode_response(const net::handler_result& result, int16_t version, int16_t header_version,
                         int32_t correlation_id = k_correlation_id) {
    Response response;
    EXPECT_FALSE(result.close_connection);
    EXPECT_TRUE(result.response.has_value());
    if (!result.response) return response;
    protocol::reader r(*result.response);
    protocol::response_header header;
    EXPECT_TRUE(header.decode(r, header_version).has_value());
    EXPECT_EQ(header.correlation_id, correlation_id);
    EXPECT_TRUE(response.decode(r, version).has_value());
    EXPECT_EQ(r.remaining_bytes(), 0u);
    return response;
}

// The broker services of a one-shard broker whose event loop is `io` and whose partition
// logs live under `data_dir`, with the broker's defaults for topic configs `topic_defaults`.
inline std::shared_ptr<broker_services> test_services(boost::asio::io_context& io, boost::asio::thread_pool& pool,
                                                      const std::filesystem::path& data_dir,
                                                      data_path_limits limits = {},
                                                      cluster::topic_config_defaults topic_defaults = {}) {
    cluster::partition_manager_config pm;
    pm.data_dir = data_dir;
    pm.topic_defaults = std::move(topic_defaults);
    auto services = std::make_shared<broker_services>();
    services->partitions = std::make_shared<cluster::partition_manager>(
        pm, std::vector<boost::asio::any_io_executor>{io.get_executor()}, pool, storage::posix_file_system());
    services->producer_ids = cluster::producer_id_allocator::open(data_dir).value();
    services->limits = limits;
    services->delayed = std::make_shared<delayed_request_gauges>(1);
    return services;
}

class dispatcher_test : public ::testing::Test {
protected:
    explicit dispatcher_test(broker_config config = test_config(), data_path_limits limits = {},
                             cluster::topic_config_defaults topic_defaults = {})
        : config_(std::make_shared<const broker_config>(std::move(config))),
          topics_(cluster::topic_table::open(std::make_unique<memory_topic_store>(),
                                             std::make_unique<cluster::shard_blocking_executor>(pool_, io_.get_executor()))
                      .value()),
          services_(test_services(io_, pool_, data_dir_.path(), limits, std::move(topic_defaults))),
          dispatcher_(0, config_, topics_, io_.get_executor(), services_) {}

    ~dispatcher_test() override {
        // Close the partitions (flushes, snapshots) before the event loop goes away.
        run([this] { return services_->partitions->close_shard(0); });
    }

    // Runs a coroutine on the event loop to completion (blocking work included).
    template <class MakeAwaitable>
    void run(MakeAwaitable make) {
        bool done = false;
        boost::asio::co_spawn(io_, make(), [&](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
            done = true;
        });
        while (!done) io_.run_one();
    }

    // Runs one topic table write to completion on the event loop.
    cluster::topic_table::change_result write_now(boost::asio::awaitable<cluster::topic_table::change_result> write) {
        std::optional<cluster::topic_table::change_result> out;
        boost::asio::co_spawn(io_, cluster::testing::store_result(out, std::move(write)), [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
        while (!out) io_.run_one();
        return std::move(*out);
    }

    // Runs one request through the dispatcher to completion.
    net::handler_result send(iobuf frame) {
        std::optional<net::handler_result> out;
        net::connection_info conn{42, "127.0.0.1:50000", 0};
        net::ordered_stage stage;
        boost::asio::co_spawn(io_, dispatcher_.handle(conn, std::move(frame), stage),
                              [&](std::exception_ptr e, net::handler_result r) {
                                  if (e) std::rethrow_exception(e);
                                  out = std::move(r);
                              });
        while (!out) io_.run_one();
        return std::move(*out);
    }

    void expect_closed(iobuf frame) {
        net::handler_result result = send(std::move(frame));
        EXPECT_TRUE(result.close_connection);
        EXPECT_FALSE(result.response.has_value());
    }

    boost::asio::io_context io_;
    cluster::testing::temp_dir data_dir_;
    boost::asio::thread_pool pool_{1};
    std::shared_ptr<const broker_config> config_;
    std::shared_ptr<cluster::topic_table> topics_;
    std::shared_ptr<broker_services> services_;
    request_dispatcher dispatcher_;
};

}  // namespace sb::kafka::testing

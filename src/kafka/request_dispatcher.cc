#include "kafka/request_dispatcher.h"

#include <cassert>
#include <chrono>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log_context.h"
#include "base/logging.h"
#include "kafka/served_apis.h"
#include "protocol/headers.h"
#include "protocol/messages/api_catalog.h"

namespace sb::kafka {
namespace {

// The `error` label of a request whose connection was closed instead of answered.
constexpr int16_t k_closed_label_code = INT16_MIN;

net::handler_result close_connection() { return net::handler_result{std::nullopt, true}; }

std::string api_label(int16_t api_key) {
    const protocol::api_info* api = protocol::find_api(api_key);
    return api ? std::string(api->name) : std::to_string(api_key);
}

std::string error_label(int16_t code) {
    if (code == k_closed_label_code) return "closed";
    return std::string(error_name(static_cast<error_code>(code)));
}

// Runs a synchronous handler and packs its body like an asynchronous one's.
sb::result<handler_output> run_sync(const served_api& api, const request_context& ctx, protocol::reader& body) {
    protocol::writer out;
    if (auto handled = api.handle(ctx, body, out); !handled) return sb::unexpected(handled.error());
    handler_output result;
    result.body = out.take();
    return result;
}

boost::asio::awaitable<sb::result<handler_output>> run_handler(const served_api& api, const request_context& ctx,
                                                                 protocol::reader& body) {
    if (api.handle_async) co_return co_await api.handle_async(ctx, body);
    co_return run_sync(api, ctx, body);
}

}  // namespace

request_dispatcher::request_dispatcher(unsigned shard, std::shared_ptr<const broker_config> config,
                                       std::shared_ptr<cluster::topic_table> topics,
                                       boost::asio::any_io_executor controller,
                                       std::shared_ptr<broker_services> services)
    : shard_(shard),
      config_(std::move(config)),
      topics_(std::move(topics)),
      controller_(std::move(controller)),
      services_(shard, std::move(services)) {
    assert(config_ && topics_ && controller_ && services_.broker);
    for (const served_api& api : served_apis()) {
        latency_[api.api_key] = &metrics::registry::global().get_histogram(
            "streambus_request_latency_seconds", "Time from a request's arrival to its response, by API.",
            {{"api", api_label(api.api_key)}}, metrics::latency_buckets_seconds());
    }
}

void request_dispatcher::count(int16_t api_key, int16_t error, double seconds) {
    auto key = std::pair(api_key, error);
    auto it = requests_.find(key);
    if (it == requests_.end()) {
        // Registered once per (API, error) and shard, the first time it happens.
        auto& counter = metrics::registry::global().get_counter(
            "streambus_requests_total", "Kafka requests handled, by API and the first error the response carries.",
            {{"api", api_label(api_key)}, {"error", error_label(error)}});
        it = requests_.emplace(key, &counter).first;
    }
    it->second->inc();
    if (auto h = latency_.find(api_key); h != latency_.end()) h->second->observe(seconds);
}

boost::asio::awaitable<net::handler_result> request_dispatcher::handle(const net::connection_info& conn,
                                                                        sb::iobuf frame, net::ordered_stage& stage) {
    assert(conn.shard == shard_);
    const auto started = std::chrono::steady_clock::now();
    auto seconds_since_start = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto log = sb::logging::get("kafka");
    protocol::reader body(frame);
    auto header = protocol::read_request_header(body);
    if (!header) {
        log->info("closing connection {} from {}: request header does not decode", conn.id, conn.peer);
        co_return close_connection();
    }
    const std::string_view client_id = header->client_id ? std::string_view(*header->client_id) : std::string_view();
    const served_api* api = find_served_api(header->api_key);
    const bool answer_any_version = header->api_key == protocol::k_api_versions_api_key;
    if (!api || (!answer_any_version && !api->supports(header->api_version))) {
        // Kafka disconnects here: the client cannot read an answer to an API or version
        // it should not have sent, since it learnt ours from ApiVersions.
        sb::logging::log_about(*log, spdlog::level::info, {{}, {}, client_id},
                               "closing connection {} from {} (client {}): API key {} version {} is not served",
                               conn.id, conn.peer, client_id, header->api_key, header->api_version);
        if (api) count(api->api_key, k_closed_label_code, seconds_since_start());
        co_return close_connection();
    }
    sb::logging::log_about(*log, spdlog::level::debug, {{}, {}, client_id},
                           "request key {} v{} correlation {} from {} (client {})", header->api_key,
                           header->api_version, header->correlation_id, conn.peer, client_id);

    const request_context ctx{header->api_key, header->api_version, header->correlation_id, client_id,
                              conn.peer,       *config_,            *topics_,               services_,
                              &stage};
    sb::result<handler_output> handled = sb::unexpected(error_code::unknown_server_error);
    if (api->shard == api_shard::controller && shard_ != 0) {
        // The coroutine frame (ctx, body) outlives this hop: we wait for it. (co_spawn's
        // value must be default-constructible, hence the optional.)
        auto on_controller = [&]() -> boost::asio::awaitable<std::optional<sb::result<handler_output>>> {
            co_return co_await run_handler(*api, ctx, body);
        };
        auto hop = boost::asio::co_spawn(controller_, on_controller(), boost::asio::use_awaitable);
        auto answer = co_await std::move(hop);
        handled = std::move(*answer);
    } else {
        handled = co_await run_handler(*api, ctx, body);
    }
    if (!handled) {
        sb::logging::log_about(*log, spdlog::level::info, {{}, {}, client_id},
                               "closing connection {} from {} (client {}): API key {} version {} body does not "
                               "decode ({})",
                               conn.id, conn.peer, client_id, header->api_key, header->api_version,
                               error_name(handled.error()));
        count(api->api_key, k_closed_label_code, seconds_since_start());
        co_return close_connection();
    }
    handler_output& output = *handled;
    count(api->api_key, output.close_connection ? k_closed_label_code : to_wire(output.error), seconds_since_start());
    net::handler_result result;
    result.close_connection = output.close_connection;
    if (!output.send_response) co_return result;
    protocol::writer header_out;
    protocol::write_response_header(header_out, *header);
    const std::size_t header_size = header_out.size_bytes();
    iobuf response = header_out.take();
    response.append(std::move(output.body));
    result.file_splices = std::move(output.file_splices);
    for (auto& splice : result.file_splices) splice.at += header_size;
    result.response = std::move(response);
    co_return result;
}

}  // namespace sb::kafka

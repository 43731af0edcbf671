#include "loadgen/drivers/raw/raw_admin.h"

#include <boost/asio/connect.hpp>

#include "loadgen/drivers/raw/kafka_frames.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/list_offsets.h"
#include "protocol/messages/metadata.h"

namespace sb::loadgen {
namespace asio = boost::asio;
namespace {

constexpr int16_t k_metadata_version = 12;
constexpr int16_t k_create_topics_version = 7;
constexpr int16_t k_list_offsets_version = 7;
constexpr int32_t k_setup_timeout_ms = 10'000;
constexpr int64_t k_latest_timestamp = -1;  // ListOffsets: the offset after the last message

}  // namespace

result<std::unique_ptr<raw_admin>, std::string> raw_admin::connect(const std::string& brokers) {
    auto host_port = split_host_port(brokers);
    if (!host_port) return unexpected("--brokers " + brokers + " is not HOST:PORT");
    std::unique_ptr<raw_admin> admin(new raw_admin());
    admin->brokers_ = brokers;
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(admin->io_);
    auto endpoints = resolver.resolve(host_port->first, host_port->second, ec);
    if (!ec) admin->endpoint_ = asio::connect(admin->socket_, endpoints, ec);
    if (ec) return unexpected("cannot reach the broker at " + brokers + ": " + ec.message());
    admin->socket_.set_option(asio::ip::tcp::no_delay(true));
    return admin;
}

template <class Response, class Request>
result<Response, std::string> raw_admin::call(const Request& request, int16_t version) {
    const int32_t id = next_correlation_id_++;
    if (auto st = write_frame(socket_, encode_request(request, version, id)); !st) return unexpected(st.error());
    auto frame = read_frame(socket_);
    if (!frame) return unexpected(frame.error() + " (from the broker at " + brokers_ + ")");
    return decode_response<Response>(*frame, version, id);
}

result<int, std::string> raw_admin::partition_count(const std::string& topic) {
    protocol::metadata_request request;
    request.topics = std::vector<protocol::metadata_request::metadata_request_topic>(1);
    (*request.topics)[0].name = topic;
    request.allow_auto_topic_creation = false;
    auto response = call<protocol::metadata_response>(request, k_metadata_version);
    if (!response) return unexpected(response.error());
    for (const auto& t : response->topics) {
        if (t.name != topic) continue;
        if (t.error_code == to_wire(error_code::unknown_topic_or_partition)) return 0;
        if (t.error_code != 0) {
            return unexpected(fmt::format("metadata of topic {}: {}", topic, error_name(static_cast<error_code>(t.error_code))));
        }
        return static_cast<int>(t.partitions.size());
    }
    return 0;
}

result<void, std::string> raw_admin::ensure_topic(const std::string& topic, int partitions) {
    auto have = partition_count(topic);
    if (!have) return unexpected(have.error());
    if (*have == 0) {
        protocol::create_topics_request request;
        request.topics.resize(1);
        request.topics[0].name = topic;
        request.topics[0].num_partitions = partitions;
        request.topics[0].replication_factor = 1;
        request.timeout_ms = k_setup_timeout_ms;
        auto response = call<protocol::create_topics_response>(request, k_create_topics_version);
        if (!response) return unexpected(response.error());
        for (const auto& t : response->topics) {
            if (t.error_code != 0 && t.error_code != to_wire(error_code::topic_already_exists)) {
                return unexpected(fmt::format("cannot create topic {}: {} {}", topic, error_name(static_cast<error_code>(t.error_code)),
                                              t.error_message.value_or("")));
            }
        }
        have = partition_count(topic);
        if (!have) return unexpected(have.error());
    }
    if (*have != partitions) {
        return unexpected(fmt::format("topic {} has {} partitions, the workload wants {}", topic, *have, partitions));
    }
    return {};
}

result<std::vector<int64_t>, std::string> raw_admin::end_offsets(const std::string& topic, int partitions) {
    protocol::list_offsets_request request;
    request.replica_id = -1;
    request.topics.resize(1);
    request.topics[0].name = topic;
    for (int p = 0; p < partitions; ++p) {
        protocol::list_offsets_request::list_offsets_partition part;
        part.partition_index = p;
        part.timestamp = k_latest_timestamp;
        request.topics[0].partitions.push_back(part);
    }
    auto response = call<protocol::list_offsets_response>(request, k_list_offsets_version);
    if (!response) return unexpected(response.error());
    std::vector<int64_t> out(static_cast<std::size_t>(partitions), -1);
    for (const auto& t : response->topics) {
        for (const auto& p : t.partitions) {
            if (p.error_code != 0) {
                return unexpected(fmt::format("cannot read the end offset of {}-{}: {}", topic, p.partition_index,
                                              error_name(static_cast<error_code>(p.error_code))));
            }
            if (p.partition_index >= 0 && p.partition_index < partitions) out[static_cast<std::size_t>(p.partition_index)] = p.offset;
        }
    }
    for (int p = 0; p < partitions; ++p) {
        if (out[static_cast<std::size_t>(p)] < 0) return unexpected(fmt::format("no end offset for {}-{}", topic, p));
    }
    return out;
}

}  // namespace sb::loadgen

#include "http/cluster_routes.h"

#include <boost/json.hpp>

#include "cluster/partition_report.h"
#include "cluster/topic_name.h"
#include "kafka/config_description.h"

namespace sb::http {
namespace json = boost::json;

namespace {

constexpr std::string_view k_topic_prefix = "/v1/topics/";

json::value optional_text(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array node_list(const std::vector<int32_t>& nodes) {
    json::array out;
    for (int32_t n : nodes) out.push_back(n);
    return out;
}

json::object brokers_document(const broker_identity& b) {
    // One broker, which is also the controller, until the cluster has more.
    json::object broker{{"id", b.node_id},         {"host", b.host},
                        {"port", b.port},          {"rack", optional_text(b.rack)},
                        {"is_controller", true},   {"version", b.version}};
    return json::object{{"cluster_id", b.cluster_id}, {"controller_id", b.node_id},
                        {"brokers", json::array{std::move(broker)}}};
}

json::object topic_summary(const cluster::topic_metadata& t) {
    return json::object{{"name", t.name},
                        {"id", t.id.to_string()},
                        {"partition_count", t.partition_count()},
                        {"replication_factor", t.replication_factor()},
                        {"internal", cluster::is_internal_topic(t.name)}};
}

// Every known topic config with its value and where the value comes from, as
// DescribeConfigs reports them (one description for both), the source named as in
// Kafka's ConfigSource.
json::array topic_configs(const cluster::topic_metadata& t, const cluster::topic_config_defaults& defaults) {
    json::array out;
    for (const kafka::described_config& c : kafka::describe_topic_configs(t, defaults)) {
        out.push_back(json::object{{"name", c.name},
                                   {"value", optional_text(c.value)},
                                   {"source", kafka::config_source_name(c.source)}});
    }
    return out;
}

json::object partition_document(const cluster::topic_metadata& t, const cluster::partition_report& r) {
    const auto& replicas = t.replicas_by_partition[static_cast<std::size_t>(r.partition)];
    // Single node: the preferred replica leads and every replica is in sync, as Metadata
    // reports. A partition that is not open yet is reported offline, without numbers.
    return json::object{{"partition", r.partition},
                        {"leader", replicas.empty() ? json::value(nullptr) : json::value(replicas.front())},
                        {"leader_epoch", r.leader_epoch},
                        {"replicas", node_list(replicas)},
                        {"isr", node_list(replicas)},
                        {"online", r.online},
                        {"log_start_offset", r.log_start_offset},
                        {"high_watermark", r.high_watermark},
                        {"last_stable_offset", r.last_stable_offset},
                        {"size_bytes", r.size_bytes},
                        {"segments", r.segments}};
}

}  // namespace


std::optional<std::string> percent_decode(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return std::nullopt;
        out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
        i += 2;
    }
    return out;
}

void register_cluster_routes(admin_server& server, std::shared_ptr<const cluster_view> view) {
    server.add_route("GET", "/v1/brokers", [view](const request&) -> boost::asio::awaitable<response> {
        co_return json_ok(json::serialize(brokers_document(view->broker)));
    });
    server.add_route("GET", "/v1/topics", [view](const request&) -> boost::asio::awaitable<response> {
        json::array topics;
        for (const auto& [name, topic] : view->topics->snapshot()->topics()) topics.push_back(topic_summary(*topic));
        co_return json_ok(json::serialize(json::object{{"topics", std::move(topics)}}));
    });
    server.add_route("GET", std::string(k_topic_prefix), [view](const request& req) -> boost::asio::awaitable<response> {
        const auto name = percent_decode(std::string_view(req.path).substr(k_topic_prefix.size()));
        if (!name) co_return json_error(400, "bad_request", "broken percent escape in " + req.path);
        // The snapshot keeps the topic's metadata alive while its partitions are read.
        const auto snapshot = view->topics->snapshot();
        const auto found = snapshot->topics().find(*name);
        if (found == snapshot->topics().end()) {
            co_return json_error(404, "topic_not_found", "topic '" + *name + "' does not exist");
        }
        const std::shared_ptr<const cluster::topic_metadata> topic = found->second;
        auto reading = cluster::report_partitions(*view->partitions, topic);
        const auto reports = co_await std::move(reading);
        json::object doc = topic_summary(*topic);
        doc["configs"] = topic_configs(*topic, *view->partitions->topic_defaults());
        json::array partitions;
        for (const auto& r : reports) partitions.push_back(partition_document(*topic, r));
        doc["partitions"] = std::move(partitions);
        co_return json_ok(json::serialize(doc));
    });
}

}  // namespace sb::http

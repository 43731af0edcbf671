#include "cli/cluster_commands.h"

#include <boost/json.hpp>

#include "cli/admin_http_client.h"
#include "cli/connection_options.h"
#include "cli/kafka_client.h"
#include "cli/output.h"

namespace sb::cli {
namespace {

struct info_options {
    connection_options conn;
    bool json = false;
};

struct broker_row {
    int32_t id;
    std::string host;
    int port;
};

int run_info(const info_options& o) {
    auto client = open_client(o.conn, client_kind::producer);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    auto md = fetch_metadata(rk, o.conn, false);
    if (!md) return fail(md.error());
    // Both come from the metadata just fetched; the timeout only matters if it was not.
    char* id = rd_kafka_clusterid(rk, o.conn.timeout_ms);
    std::string cluster_id = id ? id : "";
    if (id) rd_kafka_mem_free(rk, id);
    int32_t controller = rd_kafka_controllerid(rk, o.conn.timeout_ms);

    std::vector<broker_row> brokers;
    for (int i = 0; i < (*md)->broker_cnt; ++i) {
        const auto& b = (*md)->brokers[i];
        brokers.push_back({b.id, b.host, b.port});
    }
    std::sort(brokers.begin(), brokers.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

    if (o.json) {
        boost::json::array jb;
        for (const auto& b : brokers) jb.push_back({{"id", b.id}, {"host", b.host}, {"port", b.port}});
        print_json(boost::json::object{{"cluster_id", cluster_id}, {"controller", controller}, {"brokers", std::move(jb)}});
        return k_exit_ok;
    }
    print_fields({{"CLUSTER", cluster_id.empty() ? "-" : cluster_id},
                  {"CONTROLLER", controller < 0 ? "-" : std::to_string(controller)}});
    table out({"ID", "HOST", "PORT"});
    for (const auto& b : brokers) out.add_row({std::to_string(b.id), b.host, std::to_string(b.port)});
    std::printf("\n");
    out.print();
    return k_exit_ok;
}

struct health_options {
    std::string admin_addr = k_default_admin_addr;
    int timeout_ms = k_default_timeout_ms;
    bool json = false;
};

std::string string_field(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// ": kafka is starting (recovering partitions); ..." for every component not ready.
std::string not_ready_components(const boost::json::object& health) {
    std::string out;
    const auto* list = health.if_contains("components");
    if (!list || !list->is_object()) return out;
    for (const auto& [name, c] : list->as_object()) {
        if (!c.is_object() || string_field(c.as_object(), "state") == "ready") continue;
        out += out.empty() ? ": " : "; ";
        out += std::string(name) + " is " + string_field(c.as_object(), "state");
        if (auto reason = string_field(c.as_object(), "reason"); !reason.empty()) out += " (" + reason + ")";
    }
    return out;
}

int run_health(const health_options& o) {
    auto reply = http_get(o.admin_addr, "/health", o.timeout_ms);
    if (!reply) return fail(reply.error());
    boost::json::error_code ec;
    auto doc = boost::json::parse(reply->body, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("status")) {
        return fail("the admin API at " + o.admin_addr + " answered /health with HTTP " +
                    std::to_string(reply->status) + " and no health document");
    }
    const auto& health = doc.as_object();
    std::string status = string_field(health, "status");
    if (o.json) {
        print_json(doc);
    } else {
        print_fields({{"STATUS", status}});
        table components({"COMPONENT", "STATE", "REASON"});
        if (const auto* list = health.if_contains("components"); list && list->is_object()) {
            for (const auto& [name, c] : list->as_object()) {
                if (!c.is_object()) continue;
                components.add_row({std::string(name), string_field(c.as_object(), "state"),
                                    string_field(c.as_object(), "reason")});
            }
        }
        std::printf("\n");
        components.print();
    }
    std::fflush(stdout);
    if (status == "ready") return k_exit_ok;
    return fail("the broker at " + o.admin_addr + " is not ready" + not_ready_components(health));
}

}  // namespace

void add_cluster_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen) {
    auto* cluster = app.add_subcommand("cluster", "Show the cluster's brokers and health");
    require_subcommand_of(*cluster);

    auto info = std::make_shared<info_options>();
    auto* info_cmd = cluster->add_subcommand("info", "Show the cluster id, the controller and the brokers");
    add_json_flag(*info_cmd, info->json);
    add_connection_options(*info_cmd, info->conn);
    on_parsed(*info_cmd, chosen, [info] { return run_info(*info); });

    auto health = std::make_shared<health_options>();
    auto* health_cmd = cluster->add_subcommand("health", "Ask a broker's admin API whether it is ready");
    health_cmd->add_option("--admin-addr", health->admin_addr, "The broker's HTTP admin API, host:port")
        ->capture_default_str();
    add_timeout_option(*health_cmd, health->timeout_ms, "How long to wait for the answer");
    add_json_flag(*health_cmd, health->json);
    on_parsed(*health_cmd, chosen, [health] { return run_health(*health); });
}

}  // namespace sb::cli

#include "app/serve.h"

#include <cassert>
#include <csignal>
#include <filesystem>
#include <functional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "app/admin_routes.h"
#include "app/broker_threads.h"
#include "app/kafka_wiring.h"
#include "app/process_metrics.h"
#include "app/version.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "http/admin_server.h"
#include "http/cluster_routes.h"
#include "http/group_routes.h"
#include "http/log_level_routes.h"
#include "http/health.h"
#include "net/tcp_server.h"

namespace sb::app {
namespace {

unsigned shard_count(const broker_config& config) {
    if (config.smp > 0) return config.smp;
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

net::server_config kafka_server_config(const broker_config& config) {
    net::server_config out;
    out.listen = config.kafka_addr;
    out.request_max_bytes = config.socket_request_max_bytes;
    out.idle_timeout_ms = config.connections_max_idle_ms;
    out.max_connections = config.max_connections;
    out.inflight_max_requests = config.connection_inflight_max_requests;
    out.inflight_max_bytes = config.connection_inflight_max_bytes;
    return out;
}

std::shared_ptr<const http::cluster_view> make_cluster_view(const broker_config& config, const kafka_services& kafka) {
    auto view = std::make_shared<http::cluster_view>();
    view->broker.node_id = config.node_id;
    view->broker.host = config.advertised_kafka().host;
    view->broker.port = config.advertised_kafka().port;
    view->broker.version = k_version;
    view->broker.cluster_id = kafka.cluster_id;
    view->topics = kafka.topics;
    view->partitions = kafka.partitions;
    return view;
}

// How each dynamic setting (config_settings.cc) reaches the running broker.
void apply_dynamic_settings(config_reloader& reloader, net::tcp_server& server, kafka_services& kafka) {
    reloader.on_change("log.level", [](const broker_config& c) { logging::set_level(c.log_level); });
    reloader.on_change("log.format", [](const broker_config& c) {
        logging::set_format(c.log_format == "json" ? logging::format::json : logging::format::text);
    });
    reloader.on_change("connections.max.idle.ms",
                       [&server](const broker_config& c) { server.set_idle_timeout_ms(c.connections_max_idle_ms); });
    reloader.on_change("max.connections",
                       [&server](const broker_config& c) { server.set_max_connections(c.max_connections); });
    // Once per reload however many of them changed: every open partition is reconfigured.
    // Checked first, so that defaults the partitions would refuse refuse the whole reload.
    reloader.on_change(
        topic_default_settings(),
        [&kafka](const broker_config& c) {
            [[maybe_unused]] const bool changed = kafka.change_topic_defaults(c);
            assert(changed && "topic_defaults_problem passed these defaults");
        },
        [&kafka](const broker_config& c) { return topic_defaults_problem(c, kafka.topics->snapshot().get()); });
    // DescribeConfigs shows what a reload applied.
    reloader.after_apply([settings = kafka.settings](const broker_config& c, const std::vector<std::string>& applied) {
        settings->reloaded(reloaded_settings(c, applied));
    });
}

}  // namespace

int serve(const broker_config& config, const std::vector<std::string>& warnings, config_reloader& reloader) {
    logging::init(config.log_format == "json" ? logging::format::json : logging::format::text, config.log_level);
    auto log = logging::get("app");
    for (const auto& w : warnings) log->warn("{}", w);

    std::error_code fs_error;
    std::filesystem::create_directories(config.data_dir, fs_error);
    if (fs_error) {
        log->critical("cannot create data.dir {}: {}", config.data_dir, fs_error.message());
        return 1;
    }

    const unsigned shards_wanted = shard_count(config);
    metrics::set_shard_count(shards_wanted);
    register_process_metrics();
    http::health_registry health;
    health.report("kafka", http::component_state::starting, "listener not started yet");

    // Declared before everything that runs on the shards or posts to the pool, so that it
    // is destroyed after them, and tears itself down in the right order (broker_threads.h).
    broker_threads threads(shards_wanted, static_cast<std::size_t>(config.storage_blocking_threads));
    net::shard_pool& shards = threads.shards;
    auto kafka = make_kafka_services(config, shards, threads.blocking, health);
    if (!kafka) {
        log->critical("{}", kafka.error());
        return 1;
    }

    net::tcp_server server(shards, kafka_server_config(config), kafka->handler_factory);
    if (auto listening = server.listen(); !listening) {
        log->critical("kafka.addr: {}", listening.error());
        return 1;
    }
    metrics::registry::global().set_gauge("streambus_active_connections", "Open Kafka client connections.", {},
                                          [&server] { return static_cast<double>(server.open_connections()); });
    health.report("kafka", http::component_state::ready, "listening on " + server.local_endpoint().to_string());
    metrics::registry::global().set_gauge("streambus_ready", "1 when /health/ready answers 200, else 0.", {},
                                          [&health] { return health.ready() ? 1.0 : 0.0; });

    std::unique_ptr<http::admin_server> admin;
    if (config.admin_addr) {
        http::admin_server_config admin_config;
        admin_config.listen = *config.admin_addr;
        admin = std::make_unique<http::admin_server>(shards.context(0), admin_config);
        register_health_and_metrics_routes(*admin, health, [lag = kafka->group_lag] { return lag->refresh(); });
        http::register_cluster_routes(*admin, make_cluster_view(config, *kafka));
        // A level set for every component is log.level's value in force (DYNAMIC_BROKER_CONFIG).
        http::register_log_level_routes(*admin, [settings = kafka->settings](const std::string& level) {
            settings->set_at_runtime("log.level", level);
        });
        http::register_group_routes(*admin, kafka->group_inspector);
        if (auto listening = admin->listen(); !listening) {
            log->critical("admin.addr: {}", listening.error());
            return 1;
        }
    }

    apply_dynamic_settings(reloader, server, *kafka);
    // Signals are handled on this (the main) thread, not on a shard: a reload reads the
    // config file, which must not block an event loop.
    boost::asio::io_context signal_loop(1);
    boost::asio::signal_set signals(signal_loop, SIGINT, SIGTERM, SIGHUP);
    int signo = 0;
    std::function<void()> wait_for_signal = [&] {
        signals.async_wait([&](const boost::system::error_code& ec, int received) {
            if (ec) return;
            if (received != SIGHUP) {
                signo = received;  // nothing more to wait for: signal_loop.run() returns
                return;
            }
            log->info("received SIGHUP, reloading the dynamic settings");
            reloader.reload();
            wait_for_signal();
        });
    };
    wait_for_signal();
    shards.start();
    log->info("streambus {} node {} serving Kafka on {} (advertised {}) with {} shards, cluster {}, data in {}",
              k_version, config.node_id, server.local_endpoint().to_string(), config.advertised_kafka().to_string(),
              shards.size(), kafka->cluster_id, config.data_dir);
    if (admin) log->info("admin API on http://{}", admin->local_endpoint().to_string());

    signal_loop.run();
    log->info("received {}, shutting down", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    health.report("kafka", http::component_state::failed, "shutting down");
    server.stop();
    kafka->stop_groups();
    if (admin) admin->stop();
    if (!server.wait_for_connections_closed(std::chrono::milliseconds(config.shutdown_timeout_ms))) {
        log->warn("{} connections still open after shutdown.timeout.ms={}; closing them", server.open_connections(),
                  config.shutdown_timeout_ms);
    }
    kafka->stop();
    threads.stop();
    log->info("shutdown complete");
    return 0;
}

}  // namespace sb::app

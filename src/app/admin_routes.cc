#include "app/admin_routes.h"

#include "base/metrics.h"

namespace sb::app {

void register_health_and_metrics_routes(http::admin_server& server, const http::health_registry& health,
                                        before_scrape_hook before_scrape) {
    // Liveness: the event loop answered, so the process is alive.
    server.add_route("GET", "/health/live", [](const http::request&) -> boost::asio::awaitable<http::response> {
        co_return http::response{200, "application/json", R"({"status":"live"})"};
    });
    // Readiness: every component that gates readiness says ready (503 otherwise, so that
    // load balancers and Kubernetes keep traffic away).
    server.add_route("GET", "/health/ready", [&health](const http::request&) -> boost::asio::awaitable<http::response> {
        co_return http::response{health.ready() ? 200u : 503u, "application/json", health.to_json()};
    });
    server.add_route("GET", "/health", [&health](const http::request&) -> boost::asio::awaitable<http::response> {
        co_return http::response{health.ready() ? 200u : 503u, "application/json", health.to_json()};
    });
    server.add_route("GET", "/metrics",
                     [before_scrape](const http::request&) -> boost::asio::awaitable<http::response> {
        if (before_scrape) {
            auto refreshing = before_scrape();
            co_await std::move(refreshing);
        }
        co_return http::response{200, "text/plain; version=0.0.4; charset=utf-8", metrics::registry::global().render()};
    });
}

}  // namespace sb::app

#pragma once
// The HTTP admin API's routes: health probes and /metrics (more under /v1/ as the
// services they describe appear).

#include <functional>

#include <boost/asio/awaitable.hpp>

#include "http/admin_server.h"
#include "http/health.h"

namespace sb::app {

// Runs on the admin server's loop before each /metrics render: brings gauges that are
// computed on demand up to date (consumer group lag). May be empty.
using before_scrape_hook = std::function<boost::asio::awaitable<void>()>;

void register_health_and_metrics_routes(http::admin_server& server, const http::health_registry& health,
                                        before_scrape_hook before_scrape = {});

}  // namespace sb::app

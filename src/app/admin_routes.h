#pragma once
// The HTTP admin API's routes: health probes and /metrics (more under /v1/ as the
// services they describe appear).

#include "http/admin_server.h"
#include "http/health.h"

namespace sb::app {

void register_health_and_metrics_routes(http::admin_server& server, const http::health_registry& health);

}  // namespace sb::app

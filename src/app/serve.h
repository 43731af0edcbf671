#pragma once
// `streambus serve`: starts a broker with the given settings and runs until SIGINT/SIGTERM;
// SIGHUP reloads the dynamic settings through `reloader`.

#include "app/config.h"
#include "app/config_reload.h"

namespace sb::app {

// Returns the process exit code: 0 after a graceful shutdown, 1 when start-up fails.
int serve(const broker_config& config, const std::vector<std::string>& warnings, config_reloader& reloader);

}  // namespace sb::app

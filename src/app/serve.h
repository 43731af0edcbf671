#pragma once
// `streambus serve`: starts a broker with the given settings and runs until SIGINT/SIGTERM.

#include "app/config.h"

namespace sb::app {

// Returns the process exit code: 0 after a graceful shutdown, 1 when start-up fails.
int serve(const broker_config& config, const std::vector<std::string>& warnings);

}  // namespace sb::app

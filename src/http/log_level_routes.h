#pragma once
// Runtime log levels:
//
//   GET /v1/log-level   {"level":"info","components":{"app":"info","kafka":"debug",...}}
//   PUT /v1/log-level   {"level":"debug"}                       every component
//                       {"level":"debug","component":"kafka"}   one component
//
// A bad body, level or component gets 400 with a JSON error naming it; the answer to a
// good PUT is the same document as GET's, after the change. The level set here lasts
// until the next change (a SIGHUP that changes log.level in the config file, or another
// PUT); it is not written back to the config file. A level set for every component is
// told to `on_level_set` (the broker's log.level in force, which DescribeConfigs reports).

#include <functional>
#include <string>

#include "http/admin_server.h"

namespace sb::http {

using level_listener = std::function<void(const std::string& level)>;

void register_log_level_routes(admin_server& server, level_listener on_level_set = {});

}  // namespace sb::http

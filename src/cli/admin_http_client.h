#pragma once
// GET requests to the broker's HTTP admin API (health, later /v1/...).

#include <string>

#include "base/result.h"

namespace sb::cli {

inline constexpr const char* k_default_admin_addr = "127.0.0.1:8080";

struct http_reply {
    unsigned status = 0;
    std::string body;
};

// GETs `target` from `addr` (host:port). Fails with "cannot reach the admin API at <addr>:
// <why>" when the connection fails or no answer comes within `timeout_ms`.
result<http_reply, std::string> http_get(const std::string& addr, const std::string& target, int timeout_ms);

}  // namespace sb::cli

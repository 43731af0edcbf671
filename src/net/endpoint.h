#pragma once
// A "host:port" address as written in configs and flags ("127.0.0.1:9092", "[::1]:9092",
// "localhost:9092"). Parsing checks the shape and the port range; name resolution happens
// when a listener binds.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::net {

struct endpoint {
    std::string host;
    uint16_t port = 0;

    std::string to_string() const;
    bool operator==(const endpoint&) const = default;
};

// Returns a message naming what is wrong on failure (used verbatim in config errors).
sb::result<endpoint, std::string> parse_endpoint(std::string_view text);

}  // namespace sb::net

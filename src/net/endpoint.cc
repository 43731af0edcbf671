#include "net/endpoint.h"

#include <charconv>

namespace sb::net {

std::string endpoint::to_string() const {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

sb::result<endpoint, std::string> parse_endpoint(std::string_view text) {
    std::string_view host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return sb::unexpected(std::string("expected [ipv6]:port"));
        }
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return sb::unexpected(std::string("expected host:port"));
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return sb::unexpected(std::string("an IPv6 host must be written in brackets: [host]:port"));
        }
    }
    if (host.empty()) return sb::unexpected(std::string("the host is empty"));
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port_text.empty() || port > 65535) {
        return sb::unexpected(std::string("the port must be a number from 0 to 65535"));
    }
    return endpoint{std::string(host), static_cast<uint16_t>(port)};
}

}  // namespace sb::net

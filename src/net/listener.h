#pragma once
// Opening a listening socket on a configured "host:port", shared by the Kafka listener
// and the HTTP admin listener.

#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "base/result.h"
#include "net/endpoint.h"

namespace sb::net {

// Resolves `where` (numeric port; host name or address), then opens, binds with
// SO_REUSEADDR and listens. On failure returns a message naming the address and cause.
sb::result<void, std::string> open_listener(boost::asio::ip::tcp::acceptor& acceptor, const endpoint& where,
                                            int backlog);

}  // namespace sb::net

#include "net/listener.h"

namespace sb::net {
using boost::asio::ip::tcp;

sb::result<void, std::string> open_listener(tcp::acceptor& acceptor, const endpoint& where, int backlog) {
    boost::system::error_code ec;
    tcp::resolver resolver(acceptor.get_executor());
    auto results = resolver.resolve(where.host, std::to_string(where.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) return sb::unexpected("cannot resolve " + where.to_string() + ": " + ec.message());
    tcp::endpoint ep = results.begin()->endpoint();
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(backlog, ec);
    if (ec) return sb::unexpected("cannot listen on " + where.to_string() + ": " + ec.message());
    return {};
}

}  // namespace sb::net

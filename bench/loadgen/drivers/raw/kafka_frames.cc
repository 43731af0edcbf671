#include "loadgen/drivers/raw/kafka_frames.h"

#include <vector>

#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace sb::loadgen {
namespace asio = boost::asio;
namespace {

std::vector<asio::const_buffer> buffers_of(const iobuf& frame) {
    std::vector<asio::const_buffer> out;
    out.reserve(frame.fragments().size());
    for (const auto& f : frame.fragments()) out.emplace_back(f.data(), f.size);
    return out;
}

result<uint32_t, std::string> frame_size(const uint8_t (&prefix)[4]) {
    const uint32_t n = (uint32_t{prefix[0]} << 24) | (uint32_t{prefix[1]} << 16) | (uint32_t{prefix[2]} << 8) | prefix[3];
    if (n < 4) return unexpected(fmt::format("response of {} bytes has no room for its correlation id", n));
    if (n > k_max_response_bytes) return unexpected(fmt::format("response of {} bytes is over the {} limit", n, k_max_response_bytes));
    return n;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_host_port(const std::string& address) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return std::nullopt;
    return std::pair{address.substr(0, colon), address.substr(colon + 1)};
}

result<void, std::string> write_frame(asio::ip::tcp::socket& socket, const iobuf& frame) {
    boost::system::error_code ec;
    asio::write(socket, buffers_of(frame), ec);
    if (ec) return unexpected("cannot send a request: " + ec.message());
    return {};
}

result<iobuf, std::string> read_frame(asio::ip::tcp::socket& socket) {
    uint8_t prefix[4];
    boost::system::error_code ec;
    asio::read(socket, asio::buffer(prefix), ec);
    if (ec) return unexpected("connection lost while waiting for a response: " + ec.message());
    auto n = frame_size(prefix);
    if (!n) return unexpected(n.error());
    iobuf frame = iobuf::allocate(*n);
    asio::read(socket, asio::buffer(frame.writable_data(), *n), ec);
    if (ec) return unexpected("connection lost in the middle of a response: " + ec.message());
    return frame;
}

asio::awaitable<std::string> async_write_frame(asio::ip::tcp::socket& socket, const iobuf& frame) {
    boost::system::error_code ec;
    co_await asio::async_write(socket, buffers_of(frame), asio::redirect_error(asio::use_awaitable, ec));
    co_return ec ? "cannot send a request: " + ec.message() : std::string();
}

asio::awaitable<std::string> async_read_frame(asio::ip::tcp::socket& socket, iobuf& out) {
    uint8_t prefix[4];
    boost::system::error_code ec;
    co_await asio::async_read(socket, asio::buffer(prefix), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "connection lost while waiting for a response: " + ec.message();
    auto n = frame_size(prefix);
    if (!n) co_return n.error();
    out = iobuf::allocate(*n);
    co_await asio::async_read(socket, asio::buffer(out.writable_data(), *n), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "connection lost in the middle of a response: " + ec.message();
    co_return std::string();
}

}  // namespace sb::loadgen

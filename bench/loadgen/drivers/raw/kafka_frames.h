#pragma once
// Kafka request and response frames for the raw driver, built with the broker's own
// codec (src/protocol): a size prefix, the request header, the generated message.
// Blocking and coroutine I/O of whole frames over an Asio TCP socket.

#include <cstdint>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include "base/error_code.h"
#include "base/iobuf.h"
#include "base/result.h"
#include "protocol/messages/request_header.h"
#include "protocol/messages/response_header.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::loadgen {

// A response larger than this is a broken stream, not a response.
inline constexpr uint32_t k_max_response_bytes = 256u << 20;
inline constexpr const char* k_client_id = "sb-loadgen";

// The whole frame, size prefix included. Header v2 for flexible versions, v1 otherwise.
template <class Request>
iobuf encode_request(const Request& request, int16_t version, int32_t correlation_id) {
    const bool flexible = Request::first_flexible_version >= 0 && version >= Request::first_flexible_version;
    const int16_t header_version = flexible ? 2 : 1;
    protocol::request_header header;
    header.api_key = Request::api_key;
    header.api_version = version;
    header.correlation_id = correlation_id;
    header.client_id = k_client_id;
    const std::size_t size = header.encoded_size(header_version) + request.encoded_size(version);
    protocol::writer w(64);
    w.write_int32(static_cast<int32_t>(size));
    header.encode(w, header_version);
    request.encode(w, version);
    return w.take();
}

// Decodes a response frame (without its size prefix) to `Response` at `version`,
// checking that it answers `correlation_id`.
template <class Response>
result<Response, std::string> decode_response(const iobuf& frame, int16_t version, int32_t correlation_id) {
    const bool flexible = Response::first_flexible_version >= 0 && version >= Response::first_flexible_version;
    protocol::reader r(frame);
    protocol::response_header header;
    if (auto st = header.decode(r, flexible ? 1 : 0); !st) {
        return unexpected(std::string("undecodable response header: ") + std::string(error_name(st.error())));
    }
    if (header.correlation_id != correlation_id) {
        return unexpected(fmt::format("response to request {} arrived where {} was expected", header.correlation_id, correlation_id));
    }
    Response response;
    if (auto st = response.decode(r, version); !st) {
        return unexpected(fmt::format("undecodable response to API {} v{}: {}", Response::api_key, version, error_name(st.error())));
    }
    return response;
}

// HOST:PORT split at the last colon; nullopt when either part is missing.
std::optional<std::pair<std::string, std::string>> split_host_port(const std::string& address);

// Blocking whole-frame I/O (set-up requests). Errors describe what failed.
result<void, std::string> write_frame(boost::asio::ip::tcp::socket& socket, const iobuf& frame);
result<iobuf, std::string> read_frame(boost::asio::ip::tcp::socket& socket);

// Coroutine whole-frame I/O (the data path). An empty error string means success.
boost::asio::awaitable<std::string> async_write_frame(boost::asio::ip::tcp::socket& socket, const iobuf& frame);
// Reads one frame into `out`.
boost::asio::awaitable<std::string> async_read_frame(boost::asio::ip::tcp::socket& socket, iobuf& out);

}  // namespace sb::loadgen

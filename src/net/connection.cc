#include "net/connection.h"

#include <sys/sendfile.h>

#include <array>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "base/logging.h"

namespace sb::net {
namespace asio = boost::asio;

namespace {
std::shared_ptr<spdlog::logger> log() {
    static auto logger = sb::logging::get("net");
    return logger;
}
}  // namespace

connection::connection(asio::ip::tcp::socket socket, connection_info info, const server_config& config,
                       const std::atomic<int64_t>& idle_timeout_ms, request_handler& handler)
    : socket_(std::move(socket)),
      idle_timer_(socket_.get_executor()),
      // Never expires: it only wakes its waiters when cancelled (notify_change).
      changed_(socket_.get_executor(), clock::time_point::max()),
      info_(std::move(info)),
      config_(config),
      idle_timeout_ms_(idle_timeout_ms),
      handler_(handler),
      last_activity_(clock::now()),
      inflight_(static_cast<std::size_t>(config.inflight_max_requests),
                static_cast<std::size_t>(config.inflight_max_bytes)) {}

asio::awaitable<bool> connection::read_exact(uint8_t* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        if (reading_stopped_) co_return false;
        boost::system::error_code ec;
        std::size_t n = co_await socket_.async_read_some(asio::buffer(data + done, size - done),
                                                         asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return false;
        done += n;
        last_activity_ = clock::now();
    }
    co_return true;
}

asio::awaitable<bool> connection::write_bytes(const sb::iobuf& bytes, std::size_t from, std::size_t to) {
    if (from == to) co_return true;
    sb::iobuf part = bytes.share(from, to - from);
    std::vector<asio::const_buffer> buffers;
    buffers.reserve(part.fragments().size());
    for (const auto& f : part.fragments()) buffers.emplace_back(f.data(), f.size);
    boost::system::error_code ec;
    co_await asio::async_write(socket_, buffers, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
}

asio::awaitable<bool> connection::send_file(const file_splice& splice) {
    // sendfile on the non-blocking socket; when the socket buffer is full, wait until it
    // is writable again rather than blocking the shard.
    socket_.native_non_blocking(true);
    auto offset = static_cast<off_t>(splice.offset);
    uint64_t left = splice.size_bytes;
    while (left > 0) {
        ssize_t n = ::sendfile(socket_.native_handle(), splice.fd, &offset, left);
        if (n > 0) {
            left -= static_cast<uint64_t>(n);
            last_activity_ = clock::now();
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            boost::system::error_code ec;
            co_await socket_.async_wait(asio::ip::tcp::socket::wait_write, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return false;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // n == 0: the file is shorter than promised (truncated underneath us). The frame
        // can no longer be completed, so the connection must close.
        log()->warn("connection {}: sendfile stopped with {} bytes left: {}", info_.id, left,
                    n == 0 ? std::string("file ended early") : std::string(std::strerror(errno)));
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> connection::write_response(sb::iobuf response, std::vector<file_splice> splices) {
    uint64_t size = response.size_bytes();
    for (const auto& s : splices) size += s.size_bytes;
    assert(size <= 0x7FFFFFFF);
    const auto size32 = static_cast<uint32_t>(size);
    std::array<uint8_t, 4> prefix{static_cast<uint8_t>(size32 >> 24), static_cast<uint8_t>(size32 >> 16),
                                  static_cast<uint8_t>(size32 >> 8), static_cast<uint8_t>(size32)};
    if (splices.empty()) {
        // The common case: one gather write of prefix and body.
        std::vector<asio::const_buffer> buffers;
        buffers.reserve(response.fragments().size() + 1);
        buffers.emplace_back(prefix.data(), prefix.size());
        for (const auto& f : response.fragments()) buffers.emplace_back(f.data(), f.size);
        boost::system::error_code ec;
        co_await asio::async_write(socket_, buffers, asio::redirect_error(asio::use_awaitable, ec));
        last_activity_ = clock::now();
        co_return !ec;
    }
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(prefix), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    std::size_t written = 0;
    for (const auto& s : splices) {
        assert(s.at >= written && s.at <= response.size_bytes());
        if (!co_await write_bytes(response, written, s.at)) co_return false;
        written = s.at;
        if (!co_await send_file(s)) co_return false;
    }
    if (!co_await write_bytes(response, written, response.size_bytes())) co_return false;
    last_activity_ = clock::now();
    co_return true;
}

asio::awaitable<void> connection::run() {
    auto self = shared_from_this();
    asio::co_spawn(socket_.get_executor(), idle_watchdog(), asio::detached);
    asio::co_spawn(socket_.get_executor(), write_answers(), asio::detached);
    co_await read_requests();
    stop_reading();
    // The writer closes the socket once the answers owed are written (at once on an
    // error). Handlers still running after that (their answers are dropped) may use the
    // shard's services, which the server keeps only while connections are open.
    while (!writer_done_ || running_handlers_ > 0) co_await wait_for_change();
    close();
}

asio::awaitable<void> connection::read_requests() {
    while (!reading_stopped_ && !closed_) {
        std::array<uint8_t, 4> size_bytes{};
        if (!co_await read_exact(size_bytes.data(), size_bytes.size())) break;
        const int32_t size = static_cast<int32_t>((uint32_t{size_bytes[0]} << 24) | (uint32_t{size_bytes[1]} << 16) |
                                                  (uint32_t{size_bytes[2]} << 8) | uint32_t{size_bytes[3]});
        // Checked before allocating: a hostile size must not cost memory.
        if (size < 0 || size > config_.request_max_bytes) {
            log()->info("closing connection {} from {}: request size {} outside [0, {}] (socket.request.max.bytes)",
                        info_.id, info_.peer, size, config_.request_max_bytes);
            close();
            break;
        }
        const auto frame_size = static_cast<std::size_t>(size);
        // Back-pressure: the frame stays in the socket until the requests in flight leave
        // room for it.
        while (!inflight_.admits(frame_size) && !reading_stopped_ && !closed_) co_await wait_for_change();
        if (reading_stopped_ || closed_) break;
        sb::iobuf frame = sb::iobuf::allocate(frame_size);
        if (size > 0 && !co_await read_exact(frame.writable_data(), frame_size)) break;
        // Shutdown may have begun during the read; a request not yet started is not owed.
        if (reading_stopped_ || closed_) break;
        auto request = inflight_.push(frame_size, [this] { notify_change(); });
        start_handler(request, std::move(frame));
        // The next request starts after this one's ordered stage (request_handler.h).
        while (!request->stage.ended() && !reading_stopped_ && !closed_) co_await wait_for_change();
        if (request->result && request->result->close_connection) break;
    }
}

void connection::start_handler(std::shared_ptr<inflight_request> request, sb::iobuf frame) {
    ++running_handlers_;
    auto self = shared_from_this();
    auto handling = [self, request, frame = std::move(frame)]() mutable -> asio::awaitable<handler_result> {
        co_return co_await self->handler_.handle(self->info_, std::move(frame), request->stage);
    };
    asio::co_spawn(socket_.get_executor(), std::move(handling),
                   [self, request](std::exception_ptr e, handler_result result) {
                       if (e) {
                           // A bug in a handler (they report errors as values): this
                           // request cannot be answered, so the connection closes there.
                           try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& ex) {
                               log()->error("connection {}: request handler threw: {}", self->info_.id, ex.what());
                           }
                           result = handler_result{std::nullopt, true, {}};
                       }
                       request->result = std::move(result);
                       request->stage.end();
                       assert(self->running_handlers_ > 0);
                       --self->running_handlers_;
                       self->notify_change();
                   });
}

asio::awaitable<void> connection::write_answers() {
    auto self = shared_from_this();
    while (!closed_) {
        std::shared_ptr<inflight_request> oldest = inflight_.pop_finished();
        if (!oldest) {
            if (reading_stopped_ && inflight_.empty()) break;
            co_await wait_for_change();
            continue;
        }
        notify_change();  // room for the reader
        handler_result& result = *oldest->result;
        if (result.response && !co_await write_response(std::move(*result.response), std::move(result.file_splices))) {
            break;
        }
        // Requests read after this one are not answered.
        if (result.close_connection) break;
    }
    close();
    writer_done_ = true;
    notify_change();
}

asio::awaitable<void> connection::wait_for_change() {
    boost::system::error_code ec;
    co_await changed_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

void connection::notify_change() { changed_.cancel(); }

void connection::stop_reading() {
    reading_stopped_ = true;
    notify_change();
}

asio::awaitable<void> connection::idle_watchdog() {
    auto self = shared_from_this();
    while (!closed_) {
        // Read on every round: a changed timeout cancels the timer, and the next round
        // waits with the new one.
        const int64_t idle_ms = idle_timeout_ms_.load(std::memory_order_relaxed);
        const auto idle = std::chrono::milliseconds(idle_ms);
        // With requests in flight the connection is not idle; look again a whole timeout
        // later rather than at a deadline already past.
        idle_timer_.expires_at((inflight_.empty() ? last_activity_ : clock::now()) + idle);
        boost::system::error_code ec;
        co_await idle_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (closed_) break;
        if (inflight_.empty() && clock::now() - last_activity_ >= idle) {
            log()->debug("closing idle connection {} from {} after {} ms (connections.max.idle.ms)", info_.id,
                         info_.peer, idle_ms);
            close();
            break;
        }
    }
}

void connection::begin_shutdown() {
    // Unless requests are in flight, nothing is owed to the client: a request that has
    // only partly arrived was never accepted, and the client will resend it elsewhere.
    // Otherwise the writer closes once their answers are written; a read still waiting
    // for the next request ends with that close.
    stop_reading();
    if (inflight_.empty()) close();
}

void connection::idle_timeout_changed() {
    if (!closed_) idle_timer_.cancel();
}

void connection::close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    idle_timer_.cancel();
    notify_change();
}

}  // namespace sb::net

#include "net/tcp_server.h"

#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/logging.h"
#include "net/listener.h"

namespace sb::net {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
std::shared_ptr<spdlog::logger> log() {
    static auto logger = sb::logging::get("net");
    return logger;
}

std::string peer_of(const tcp::socket& s) {
    boost::system::error_code ec;
    auto ep = s.remote_endpoint(ec);
    if (ec) return "unknown";
    return endpoint{ep.address().to_string(), ep.port()}.to_string();
}
}  // namespace

tcp_server::tcp_server(shard_pool& shards, server_config config, const request_handler_factory& make_handler)
    : shards_(shards),
      config_(std::move(config)),
      acceptor_(shards.context(0)),
      max_connections_(config_.max_connections),
      idle_timeout_ms_(config_.idle_timeout_ms) {
    for (unsigned i = 0; i < shards_.size(); ++i) {
        auto state = std::make_unique<shard_state>();
        state->handler = make_handler(i);
        shard_states_.push_back(std::move(state));
    }
}

tcp_server::~tcp_server() = default;

sb::result<void, std::string> tcp_server::listen() {
    if (auto opened = open_listener(acceptor_, config_.listen, config_.listen_backlog); !opened) return opened;
    asio::co_spawn(shards_.context(0), accept_loop(), asio::detached);
    return {};
}

endpoint tcp_server::local_endpoint() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return endpoint{ep.address().to_string(), ep.port()};
}

asio::awaitable<void> tcp_server::accept_loop() {
    while (!stopping_.load()) {
        unsigned shard = next_shard_;
        next_shard_ = (next_shard_ + 1) % shards_.size();
        boost::system::error_code ec;
        // The new socket is bound to the target shard's io_context from the start.
        tcp::socket socket = co_await acceptor_.async_accept(shards_.context(shard),
                                                             asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (stopping_.load() || ec == asio::error::operation_aborted) break;
            // EMFILE and friends: log and keep serving; back off a little so we do not spin.
            log()->warn("accept failed: {}", ec.message());
            asio::steady_timer pause(shards_.context(0), std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        const int64_t max_connections = max_connections_.load(std::memory_order_relaxed);
        if (open_connections_.load() >= max_connections) {
            log()->warn("refusing connection from {}: {} connections open (max.connections)", peer_of(socket),
                        max_connections);
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        open_connections_.fetch_add(1);
        asio::post(shards_.context(shard), [this, shard, s = std::move(socket)]() mutable {
            start_connection(shard, std::move(s));
        });
    }
}

void tcp_server::start_connection(unsigned shard, tcp::socket socket) {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    connection_info info{next_connection_id_.fetch_add(1), peer_of(socket), shard};
    shard_state& state = *shard_states_[shard];
    auto conn = std::make_shared<connection>(std::move(socket), info, config_, idle_timeout_ms_, *state.handler);
    state.connections.emplace(info.id, conn);
    if (stopping_.load()) conn->begin_shutdown();
    asio::co_spawn(shards_.context(shard), conn->run(), [this, shard, id = info.id](std::exception_ptr e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                log()->error("connection {} ended with an exception: {}", id, ex.what());
            }
        }
        shard_states_[shard]->connections.erase(id);
        open_connections_.fetch_sub(1);
    });
}

void tcp_server::set_max_connections(int64_t max_connections) {
    max_connections_.store(max_connections, std::memory_order_relaxed);
}

void tcp_server::set_idle_timeout_ms(int64_t idle_timeout_ms) {
    idle_timeout_ms_.store(idle_timeout_ms, std::memory_order_relaxed);
    for (unsigned i = 0; i < shards_.size(); ++i) {
        asio::post(shards_.context(i), [this, i] {
            for (auto& [id, weak] : shard_states_[i]->connections) {
                if (auto conn = weak.lock()) conn->idle_timeout_changed();
            }
        });
    }
}

void tcp_server::stop() {
    if (stopping_.exchange(true)) return;
    asio::post(shards_.context(0), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
    for (unsigned i = 0; i < shards_.size(); ++i) {
        asio::post(shards_.context(i), [this, i] {
            for (auto& [id, weak] : shard_states_[i]->connections) {
                if (auto conn = weak.lock()) conn->begin_shutdown();
            }
        });
    }
}

bool tcp_server::wait_for_connections_closed(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (open_connections_.load() > 0) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace sb::net

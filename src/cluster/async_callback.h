#pragma once
// Turns the callback APIs of storage (partition_log::read, wait_flushed, ...) and the
// blocking executor into things a coroutine can co_await.
//
// The callback may run before the starting call returns, later on the same shard, or on
// another thread: the coroutine is always resumed by a post to its own executor. If the
// callback is dropped without being called (its log was destroyed meanwhile), the
// coroutine is resumed with `fallback` instead of waiting forever.

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "storage/blocking_executor.h"

namespace sb::cluster {

namespace detail {

// Owns the coroutine's completion handler until the callback delivers a value; resumes
// the coroutine with the fallback if it never does.
template <class T, class Handler>
class pending_completion {
public:
    pending_completion(Handler handler, boost::asio::any_io_executor ex, T fallback)
        : handler_(std::move(handler)), ex_(std::move(ex)), fallback_(std::move(fallback)) {}
    pending_completion(const pending_completion&) = delete;
    pending_completion& operator=(const pending_completion&) = delete;
    ~pending_completion() {
        if (handler_) resume(std::move(*fallback_));
    }

    void complete(T value) {
        if (handler_) resume(std::move(value));
    }

private:
    void resume(T value) {
        boost::asio::post(ex_, [h = std::move(*handler_), v = std::move(value)]() mutable { std::move(h)(std::move(v)); });
        handler_.reset();
    }

    std::optional<Handler> handler_;
    boost::asio::any_io_executor ex_;
    std::optional<T> fallback_;
};

}  // namespace detail

// co_await await_callback<T>([](std::function<void(T)> cb) { api(..., cb); }, fallback)
template <class T, class Start>
boost::asio::awaitable<T> await_callback(Start start, T fallback) {
    auto ex = co_await boost::asio::this_coro::executor;
    // Built outside the co_await expression: GCC 12 mishandles non-trivial temporaries there.
    auto initiation = [ex, start = std::move(start), fallback = std::move(fallback)](auto handler) mutable {
        using state = detail::pending_completion<T, decltype(handler)>;
        auto pending = std::make_shared<state>(std::move(handler), ex, std::move(fallback));
        start(std::function<void(T)>([pending](T value) mutable { pending->complete(std::move(value)); }));
    };
    auto operation = boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
        std::move(initiation), boost::asio::use_awaitable);
    co_return co_await std::move(operation);
}

// Runs `work` on the blocking executor and resumes with its value on the caller's shard.
template <class T>
boost::asio::awaitable<T> run_blocking(storage::blocking_executor& executor, std::function<T()> work, T fallback) {
    return await_callback<T>(
        [&executor, work = std::move(work)](std::function<void(T)> done) mutable {
            auto value = std::make_shared<std::optional<T>>();
            executor.submit([work = std::move(work), value] { value->emplace(work()); },
                            [value, done = std::move(done)] {
                                if (*value) done(std::move(**value));
                            });
        },
        std::move(fallback));
}

}  // namespace sb::cluster

#pragma once
// Test helpers for the topic table's awaitable writes: a blocking executor that runs each
// job at once on the caller's thread, and await_now, which runs one awaitable to
// completion on a private event loop (on the calling thread, the table's writer).

#include <exception>
#include <functional>
#include <optional>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "storage/blocking_executor.h"

namespace sb::cluster::testing {

class inline_executor final : public storage::blocking_executor {
public:
    void submit(std::function<void()> work, std::function<void()> done_on_owner) override {
        if (work) work();
        if (done_on_owner) done_on_owner();
    }
};

// Awaits `operation` and keeps its value in `out` (results are not default-constructible,
// which co_spawn's completion handler would need).
template <class T>
boost::asio::awaitable<void> store_result(std::optional<T>& out, boost::asio::awaitable<T> operation) {
    out.emplace(co_await std::move(operation));
}

template <class T>
T await_now(boost::asio::awaitable<T> operation) {
    boost::asio::io_context io;
    std::optional<T> out;
    boost::asio::co_spawn(io, store_result(out, std::move(operation)), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
    io.run();
    return std::move(*out);
}

}  // namespace sb::cluster::testing

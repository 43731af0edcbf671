#pragma once
// Waits, on one executor, until `done()` has been called as often as `add()` announced or
// a deadline passes - whichever comes first. A steady_timer is the wake-up: done() cancels
// it when the count reaches zero. Used for acks=all (fsync completions) and long-polling
// fetches (append notifications).
//
// add(), done() and wait_until() must all run on the executor given at construction.
// Callbacks that may outlive the waiter hold it through a shared_ptr.

#include <chrono>
#include <cstddef>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sb::kafka {

class wait_group {
public:
    explicit wait_group(const boost::asio::any_io_executor& ex) : timer_(ex) {}

    void add(std::size_t n = 1) { pending_ += n; }
    void done() {
        if (pending_ == 0) return;
        if (--pending_ == 0) timer_.cancel();
    }
    std::size_t pending() const { return pending_; }

    // True when everything was done before the deadline.
    boost::asio::awaitable<bool> wait_until(std::chrono::steady_clock::time_point deadline) {
        if (pending_ == 0) co_return true;
        timer_.expires_at(deadline);
        boost::system::error_code ec;
        co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        co_return pending_ == 0;
    }

private:
    boost::asio::steady_timer timer_;
    std::size_t pending_ = 0;
};

}  // namespace sb::kafka

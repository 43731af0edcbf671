#pragma once
// Handing work to the shard that owns a partition and getting the answer back.
//
// run_on(ex, fn): runs the coroutine fn() on executor `ex` (another shard's event loop,
// or this one) and resumes the caller on its own executor with the value. The caller's
// coroutine frame outlives the hop, so fn may capture references to it.
//
// run_on_each(jobs): starts every job at once (each on its own executor) and returns
// their values in job order once all are done; used to fan a request out to every shard
// that owns some of its partitions.
//
// Nothing is shared between shards but the values passed in and out: they must be safe
// to move across threads (iobuf chunks and file handles are reference counted).

#include <cassert>
#include <functional>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sb::cluster {

template <class T>
boost::asio::awaitable<T> run_on(const boost::asio::any_io_executor& ex, std::function<boost::asio::awaitable<T>()> fn) {
    auto spawned = boost::asio::co_spawn(ex, std::move(fn), boost::asio::use_awaitable);
    co_return co_await std::move(spawned);
}

template <class T>
struct shard_job {
    boost::asio::any_io_executor executor;
    std::function<boost::asio::awaitable<T>()> run;
};

template <class T>
boost::asio::awaitable<std::vector<T>> run_on_each(std::vector<shard_job<T>> jobs) {
    if (jobs.empty()) co_return std::vector<T>{};
    if (jobs.size() == 1) {
        std::vector<T> one;
        auto only = run_on<T>(jobs.front().executor, std::move(jobs.front().run));
        one.push_back(co_await std::move(only));
        co_return one;
    }
    using op_type = decltype(boost::asio::co_spawn(jobs.front().executor, std::move(jobs.front().run),
                                                   boost::asio::deferred));
    std::vector<op_type> ops;
    ops.reserve(jobs.size());
    for (auto& job : jobs) ops.push_back(boost::asio::co_spawn(job.executor, std::move(job.run), boost::asio::deferred));
    auto group = boost::asio::experimental::make_parallel_group(std::move(ops));
    auto all_done = std::move(group).async_wait(boost::asio::experimental::wait_for_all(), boost::asio::use_awaitable);
    auto [order, exceptions, values] = co_await std::move(all_done);
    for (const auto& e : exceptions) {
        if (e) std::rethrow_exception(e);  // a bug in a job; jobs report errors as values
    }
    assert(values.size() == jobs.size());
    co_return std::move(values);
}

}  // namespace sb::cluster

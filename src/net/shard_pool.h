#pragma once
// One event loop per core: N Asio io_contexts, each run by its own thread.
//
// Everything a shard owns (connections, partitions, per-shard handler state) is touched
// only from that shard's thread; work for another shard is posted to its io_context.
// Lifecycle: construct, start(), ...work..., stop() (lets queued handlers finish when the
// contexts run out of work, or ends them at once), join().

#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace sb::net {

// An io_context whose queued handlers can be destroyed without destroying the context.
class shard_context final : public boost::asio::io_context {
public:
    using io_context::io_context;
    // Destroys every handler still queued (execution_context::shutdown). Idempotent.
    void destroy_queued_handlers() { shutdown(); }
};

class shard_pool {
public:
    explicit shard_pool(unsigned shard_count);
    ~shard_pool();
    shard_pool(const shard_pool&) = delete;
    shard_pool& operator=(const shard_pool&) = delete;

    unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
    boost::asio::io_context& context(unsigned shard) { return *contexts_.at(shard); }

    // Starts one thread per shard.
    void start();
    // Stops every event loop; pending handlers are abandoned.
    void stop();
    void join();

private:
    using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<shard_context>> contexts_;
    std::vector<work_guard> guards_;
    std::vector<std::thread> threads_;
};

}  // namespace sb::net

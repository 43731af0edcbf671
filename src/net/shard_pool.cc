#include "net/shard_pool.h"

#include <cassert>
#include <string>

#include <pthread.h>

#include "base/shard_id.h"

namespace sb::net {

shard_pool::shard_pool(unsigned shard_count) {
    assert(shard_count >= 1);
    for (unsigned i = 0; i < shard_count; ++i) {
        // concurrency_hint 1: each context is run by exactly one thread, so Asio can skip locking.
        contexts_.push_back(std::make_unique<shard_context>(1));
        guards_.emplace_back(contexts_.back()->get_executor());
    }
}

shard_pool::~shard_pool() {
    stop();
    join();
    // A handler queued on one shard may hold a work-counting executor of another shard's
    // io_context (a cross-shard call waiting in a parallel group): destroying it touches
    // that other context. So every queued handler is destroyed while every context still
    // exists, and only then are the contexts freed. A handler's destructor may post to a
    // context already shut down; the second pass destroys what was posted so.
    for (int pass = 0; pass < 2; ++pass) {
        for (auto& ctx : contexts_) ctx->destroy_queued_handlers();
    }
}

void shard_pool::start() {
    assert(threads_.empty());
    for (unsigned i = 0; i < contexts_.size(); ++i) {
        threads_.emplace_back([this, i] {
            std::string name = "shard-" + std::to_string(i);
            pthread_setname_np(pthread_self(), name.c_str());
            sb::set_this_shard(i);
            contexts_[i]->run();
        });
    }
}

void shard_pool::stop() {
    guards_.clear();
    for (auto& ctx : contexts_) ctx->stop();
}

void shard_pool::join() {
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

}  // namespace sb::net

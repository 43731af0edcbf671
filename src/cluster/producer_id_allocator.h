#pragma once
// Hands out producer ids (InitProducerId) that are never reused, not even after a crash.
//
// Ids are taken from blocks: before the first id of a block is handed out, the end of
// the block is written durably to "<data.dir>/producer_id_block". After a restart
// allocation continues from that end, so an id handed out before the restart (even one
// of a block that was only partly used) is never handed out again.
//
// Threading: used only on the controller shard (shard 0); the file write runs on the
// blocking pool. Requests that arrive while a block is being persisted wait for it.

#include <cstdint>
#include <filesystem>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/result.h"
#include "storage/blocking_executor.h"

namespace sb::cluster {

constexpr const char* k_producer_id_block_file_name = "producer_id_block";

class producer_id_allocator {
public:
    // Ids per persisted block.
    static constexpr int64_t k_default_block_size = 1000;

    // Reads where allocation continues (blocking; at start-up). kafka_storage_error if the
    // file is unreadable or damaged: reusing ids would be worse than not starting.
    static sb::result<std::shared_ptr<producer_id_allocator>> open(std::filesystem::path data_dir,
                                                                   int64_t block_size = k_default_block_size);

    // Controller shard only.
    boost::asio::awaitable<sb::result<int64_t>> next(storage::blocking_executor& blocking);

    int64_t next_unallocated() const { return next_id_; }

private:
    producer_id_allocator(std::filesystem::path data_dir, int64_t first_id, int64_t block_size)
        : data_dir_(std::move(data_dir)), next_id_(first_id), block_end_(first_id), block_size_(block_size) {}

    std::filesystem::path data_dir_;
    int64_t next_id_;
    int64_t block_end_;  // ids below it are persisted as allocated
    int64_t block_size_;
    bool persisting_ = false;
    // Requests waiting for a block wait on this timer; the write's completion cancels it.
    std::unique_ptr<boost::asio::steady_timer> block_ready_;
};

}  // namespace sb::cluster

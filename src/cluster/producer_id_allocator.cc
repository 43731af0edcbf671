#include "cluster/producer_id_allocator.h"

#include <charconv>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/logging.h"
#include "cluster/async_callback.h"
#include "cluster/durable_file.h"

namespace sb::cluster {
namespace {

constexpr std::string_view k_prefix = "next_block_start: ";

}  // namespace

sb::result<std::shared_ptr<producer_id_allocator>> producer_id_allocator::open(std::filesystem::path data_dir,
                                                                               int64_t block_size) {
    auto text = read_file_if_exists(data_dir / k_producer_id_block_file_name, 256);
    if (!text) return sb::unexpected(text.error());
    int64_t first = 0;
    if (*text) {
        std::string_view s = **text;
        if (s.ends_with('\n')) s.remove_suffix(1);
        if (!s.starts_with(k_prefix)) return sb::unexpected(error_code::kafka_storage_error);
        s.remove_prefix(k_prefix.size());
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), first);
        if (ec != std::errc() || ptr != s.data() + s.size() || first < 0) {
            logging::get("cluster")->error("{} is damaged", (data_dir / k_producer_id_block_file_name).string());
            return sb::unexpected(error_code::kafka_storage_error);
        }
    }
    return std::shared_ptr<producer_id_allocator>(new producer_id_allocator(std::move(data_dir), first, block_size));
}

boost::asio::awaitable<sb::result<int64_t>> producer_id_allocator::next(storage::blocking_executor& blocking) {
    while (next_id_ >= block_end_) {
        if (!block_ready_) block_ready_ = std::make_unique<boost::asio::steady_timer>(co_await boost::asio::this_coro::executor);
        if (persisting_) {
            boost::system::error_code ec;
            co_await block_ready_->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            continue;
        }
        persisting_ = true;
        block_ready_->expires_at(boost::asio::steady_timer::time_point::max());  // waiters sleep until cancel()
        const int64_t new_end = block_end_ + block_size_;
        std::function<bool()> write = [path = data_dir_ / k_producer_id_block_file_name, new_end] {
            return write_file_durably(path, std::string(k_prefix) + std::to_string(new_end) + "\n").has_value();
        };
        auto writing = run_blocking<bool>(blocking, std::move(write), false);
        const bool written = co_await std::move(writing);
        persisting_ = false;
        block_ready_->cancel();
        if (!written) co_return sb::unexpected(error_code::kafka_storage_error);
        block_end_ = new_end;
    }
    co_return next_id_++;
}

}  // namespace sb::cluster

#include "loadgen/drivers/raw/raw_consumer.h"

#include <algorithm>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "loadgen/core/payload.h"
#include "loadgen/drivers/raw/kafka_frames.h"
#include "protocol/record.h"

namespace sb::loadgen {
namespace asio = boost::asio;
namespace {

constexpr int16_t k_fetch_version = 12;

}  // namespace

raw_consumer::raw_consumer(asio::io_context& io, asio::ip::tcp::endpoint broker, run_progress& progress,
                           recorder& figures, std::string topic, std::vector<int32_t> partitions,
                           std::vector<int64_t> offsets)
    : socket_(io), broker_(std::move(broker)), progress_(progress), figures_(figures), topic_(std::move(topic)),
      partitions_(std::move(partitions)), offsets_(std::move(offsets)) {}

protocol::fetch_request raw_consumer::next_request() const {
    protocol::fetch_request request;
    request.replica_id = -1;
    request.max_wait_ms = k_fetch_max_wait_ms;
    request.min_bytes = 1;
    request.max_bytes = k_fetch_max_bytes;
    request.session_id = 0;
    request.session_epoch = -1;  // no fetch session: every request names all its partitions
    request.topics.resize(1);
    request.topics[0].topic = topic_;
    for (std::size_t i = 0; i < partitions_.size(); ++i) {
        protocol::fetch_request::fetch_partition p;
        p.partition = partitions_[i];
        p.fetch_offset = offsets_[i];
        p.partition_max_bytes = k_fetch_partition_max_bytes;
        request.topics[0].partitions.push_back(p);
    }
    return request;
}

asio::awaitable<void> raw_consumer::run() {
    boost::system::error_code ec;
    co_await socket_.async_connect(broker_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        figures_.on_error("consumer cannot connect to the broker: " + ec.message());
        co_return;
    }
    socket_.set_option(asio::ip::tcp::no_delay(true));
    while (!progress_.stop_consumers.load()) {
        const int32_t id = next_correlation_id_++;
        if (auto error = co_await async_write_frame(socket_, encode_request(next_request(), k_fetch_version, id)); !error.empty()) {
            figures_.on_error("fetch: " + error);
            break;
        }
        iobuf frame;
        if (auto error = co_await async_read_frame(socket_, frame); !error.empty()) {
            figures_.on_error("fetch: " + error);
            break;
        }
        auto response = decode_response<protocol::fetch_response>(frame, k_fetch_version, id);
        if (!response) {
            figures_.on_error("fetch: " + response.error());
            break;
        }
        bool ok = response->error_code == 0;
        if (!ok) figures_.on_error(fmt::format("fetch: {}", error_name(static_cast<error_code>(response->error_code))));
        for (const auto& t : response->responses) {
            for (const auto& p : t.partitions) {
                auto it = std::find(partitions_.begin(), partitions_.end(), p.partition_index);
                if (t.topic != topic_ || it == partitions_.end()) continue;
                ok = take(static_cast<std::size_t>(it - partitions_.begin()), p) && ok;
            }
        }
        if (!ok) break;
    }
    socket_.close(ec);
}

bool raw_consumer::take(std::size_t slot, const protocol::fetch_response::partition_data& data) {
    if (data.error_code != 0) {
        figures_.on_error(fmt::format("fetch {}-{}: {}", topic_, data.partition_index,
                                      error_name(static_cast<error_code>(data.error_code))));
        return false;
    }
    const iobuf& bytes = data.records.bytes();
    std::vector<uint8_t> linear;
    std::span<const uint8_t> all;
    if (bytes.fragments().size() == 1) {
        all = bytes.fragments()[0].bytes();
    } else if (!bytes.empty()) {
        linear = bytes.linearize();
        all = linear;
    }
    int64_t& offset = offsets_[slot];
    std::size_t pos = 0;
    protocol::record rec;
    while (pos < all.size()) {
        // The last batch may be cut short by the size limits: it is read again next time.
        auto batch = protocol::record_batch_view::parse(all.subspan(pos));
        if (!batch) break;
        auto reader = protocol::record_reader::open(*batch);
        if (!reader) {
            figures_.on_error(fmt::format("fetch {}-{}: unreadable batch at offset {}", topic_, data.partition_index, batch->base_offset()));
            return false;
        }
        const int64_t now = now_ns();
        for (;;) {
            auto more = reader->next(rec);
            if (!more) {
                figures_.on_error(fmt::format("fetch {}-{}: unreadable record in batch {}", topic_, data.partition_index, batch->base_offset()));
                return false;
            }
            if (!*more) break;
            if (batch->base_offset() + rec.offset_delta < offset) continue;  // before where this run started
            auto due = rec.value ? read_send_time(*rec.value) : std::nullopt;
            if (!due) {
                figures_.on_error("consumed a message too short to carry its send time");
                continue;
            }
            figures_.on_consumed(*due, now);
            progress_.consumed++;
        }
        offset = std::max(offset, batch->next_offset());
        pos += batch->size_bytes();
    }
    return true;
}

}  // namespace sb::loadgen

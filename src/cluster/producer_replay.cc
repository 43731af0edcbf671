#include "cluster/producer_replay.h"

#include <array>
#include <vector>

#include "cluster/async_callback.h"
#include "protocol/record_batch.h"

namespace sb::cluster {
namespace {

// Bytes of log handed to one header scan.
constexpr std::size_t k_replay_read_bytes = 4u << 20;

using header_bytes = std::array<uint8_t, protocol::batch_layout::header_size_bytes>;

// The headers of the whole batches in [position, position + size) of `f`.
sb::status scan_file_headers(const storage::file& f, uint64_t position, uint64_t size_bytes,
                             std::vector<header_bytes>& out) {
    const uint64_t end = position + size_bytes;
    while (position < end) {
        header_bytes h{};
        auto n = f.pread(h, position);
        if (!n || *n != h.size()) return sb::unexpected(error_code::kafka_storage_error);
        const int32_t batch_length = static_cast<int32_t>(protocol::load_be32(h.data() + protocol::batch_layout::batch_length));
        if (batch_length < 0) return sb::unexpected(error_code::corrupt_message);
        out.push_back(h);
        position += protocol::batch_layout::log_overhead + static_cast<uint64_t>(batch_length);
    }
    return {};
}

sb::status scan_memory_headers(const iobuf& memory, std::vector<header_bytes>& out) {
    const std::vector<uint8_t> bytes = memory.linearize();
    std::size_t position = 0;
    while (position < bytes.size()) {
        auto view = protocol::record_batch_view::parse(std::span(bytes).subspan(position));
        if (!view) return sb::unexpected(view.error());
        header_bytes h{};
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(position), h.size(), h.begin());
        out.push_back(h);
        position += view->size_bytes();
    }
    return {};
}

}  // namespace

boost::asio::awaitable<sb::status> replay_producer_state(partition& p, int64_t from_offset,
                                                         storage::blocking_executor& blocking, int64_t now_ms) {
    int64_t offset = std::max(from_offset, p.log_start_offset());
    const int64_t end = p.log().log_end_offset();
    while (offset < end) {
        using read_outcome = sb::result<storage::read_result>;
        std::function<void(std::function<void(read_outcome)>)> start = [&p, offset](auto done) {
            p.log().read(offset, k_replay_read_bytes, std::move(done));
        };
        auto reading = await_callback<read_outcome>(std::move(start), sb::unexpected(error_code::kafka_storage_error));
        auto read = co_await std::move(reading);
        if (!read) co_return sb::unexpected(read.error());
        if (read->size_bytes == 0 || read->next_offset <= offset) break;
        using scanned = sb::result<std::vector<header_bytes>>;
        auto ranges = std::make_shared<std::vector<storage::file_range>>(std::move(read->ranges));
        std::function<scanned()> scan = [ranges]() -> scanned {
                std::vector<header_bytes> out;
                for (const auto& r : *ranges) {
                    if (auto st = scan_file_headers(*r.source, r.position, r.size_bytes, out); !st) {
                        return sb::unexpected(st.error());
                    }
                }
                return out;
        };
        auto scanning = run_blocking<scanned>(blocking, std::move(scan), sb::unexpected(error_code::kafka_storage_error));
        auto headers = co_await std::move(scanning);
        if (!headers) co_return sb::unexpected(headers.error());
        if (auto st = scan_memory_headers(read->memory, *headers); !st) co_return st;
        for (const header_bytes& h : *headers) p.replay_batch(protocol::record_batch_view(h), now_ms);
        offset = read->next_offset;
    }
    co_return sb::status{};
}

}  // namespace sb::cluster

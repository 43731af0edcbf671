// group_driver: the partition log side - replaying the records at load, and appending
// the core's records as batches that must be fsynced before their requests are answered.

#include <chrono>
#include <string_view>

#include "base/logging.h"
#include "cluster/async_callback.h"
#include "kafka/group_driver.h"
#include "protocol/record.h"
#include "protocol/record_batch.h"
#include "protocol/record_batch_builder.h"

namespace sb::kafka {
namespace {

std::string_view as_chars(const groups::bytes& b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// The bytes of a log read: file ranges read with pread (blocking pool), then memory.
sb::result<std::vector<uint8_t>> read_ranges(const std::vector<storage::file_range>& ranges) {
    std::vector<uint8_t> out;
    for (const auto& r : ranges) {
        const std::size_t at = out.size();
        out.resize(at + r.size_bytes);
        auto n = r.source->pread(std::span(out).subspan(at, r.size_bytes), r.position);
        if (!n || *n != r.size_bytes) return sb::unexpected(error_code::kafka_storage_error);
    }
    return out;
}

groups::bytes to_bytes(protocol::bytes_view v) { return groups::bytes(v.begin(), v.end()); }

}  // namespace

boost::asio::awaitable<sb::status> group_driver::load() {
    auto log = sb::logging::get("groups");
    cluster::partition* p = partition();
    if (p == nullptr) co_return sb::unexpected(error_code::not_leader_or_follower);
    int64_t offset = p->log_start_offset();
    const int64_t end = p->log().log_end_offset();
    std::size_t records = 0;
    std::size_t skipped = 0;
    while (offset < end) {
        p = partition();
        if (p == nullptr) co_return sb::unexpected(error_code::not_leader_or_follower);
        using read_outcome = sb::result<storage::read_result>;
        std::function<void(std::function<void(read_outcome)>)> start = [p, offset, this](auto done) {
            p->log().read(offset, settings_.load_buffer_bytes, std::move(done));
        };
        auto reading = cluster::await_callback<read_outcome>(std::move(start),
                                                             sb::unexpected(error_code::kafka_storage_error));
        auto read = co_await std::move(reading);
        if (!read) co_return sb::unexpected(read.error());
        if (read->size_bytes == 0 || read->next_offset <= offset) break;
        using read_bytes = sb::result<std::vector<uint8_t>>;
        auto ranges = std::make_shared<std::vector<storage::file_range>>(std::move(read->ranges));
        std::function<read_bytes()> pread_all = [ranges] { return read_ranges(*ranges); };
        auto preading = cluster::run_blocking<read_bytes>(partitions_.blocking(shard_), std::move(pread_all),
                                                          sb::unexpected(error_code::kafka_storage_error));
        auto bytes = co_await std::move(preading);
        if (!bytes) co_return sb::unexpected(bytes.error());
        const std::vector<uint8_t> memory = read->memory.linearize();
        bytes->insert(bytes->end(), memory.begin(), memory.end());
        const int64_t now_ms = group_clock_ms();
        std::span<const uint8_t> rest(*bytes);
        while (!rest.empty()) {
            auto batch = protocol::record_batch_view::parse(rest);
            if (!batch) co_return sb::unexpected(batch.error());
            rest = rest.subspan(batch->size_bytes());
            if (batch->is_control()) continue;
            auto reader = protocol::record_reader::open(*batch);
            if (!reader) co_return sb::unexpected(reader.error());
            protocol::record r;
            while (true) {
                auto next = reader->next(r);
                if (!next) co_return sb::unexpected(next.error());
                if (!*next) break;
                if (!r.key) continue;  // not one of ours: every group record has a key
                groups::stored_record record{to_bytes(*r.key), std::nullopt};
                if (r.value) record.value = to_bytes(*r.value);
                if (auto replayed = coordinator_->replay(record, now_ms); !replayed) {
                    ++skipped;
                } else {
                    ++records;
                }
            }
        }
        offset = read->next_offset;
    }
    if (skipped > 0) {
        log->warn("__consumer_offsets-{}: skipped {} records this version cannot read", id_.partition, skipped);
    }
    log->info("__consumer_offsets-{}: loaded {} records, {} groups", id_.partition, records,
              coordinator_->group_count());
    loaded_ = true;
    drain();
    co_return sb::status{};
}

void group_driver::persist(groups::persist_request request) {
    const uint64_t persist_id = request.persist_id;
    const int64_t now_ms = group_clock_ms();
    // Reported through in_flight_ so that each id is reported exactly once.
    auto timer = std::make_unique<boost::asio::steady_timer>(partitions_.executor(shard_));
    boost::asio::steady_timer& timeout = *timer;
    in_flight_.emplace(persist_id, std::move(timer));
    cluster::partition* p = partition();
    if (p == nullptr) return complete_persist(persist_id, error_code::not_leader_or_follower);

    protocol::record_batch_builder builder;
    for (const auto& record : request.records) {
        std::optional<std::string_view> value;
        if (record.value) value = as_chars(*record.value);
        builder.add(now_ms, as_chars(record.key), value);
    }
    auto built = builder.build();
    if (!built) return complete_persist(persist_id, error_code::unknown_server_error);
    cluster::produced_batch summary;
    summary.records_count = static_cast<int32_t>(request.records.size());
    summary.last_offset_delta = summary.records_count - 1;
    summary.max_timestamp_ms = now_ms;
    auto appended = p->append(iobuf::copy_of(std::span<const uint8_t>(*built)), summary, now_ms);
    if (!appended) return complete_persist(persist_id, appended.error().code);

    timeout.expires_after(std::chrono::milliseconds(settings_.commit_timeout_ms));
    timeout.async_wait([this, alive = alive_, persist_id](const boost::system::error_code& ec) {
        if (ec || !*alive) return;
        complete_persist(persist_id, error_code::request_timed_out);
    });
    p->log().wait_flushed(appended->last_offset, [this, alive = alive_, persist_id](sb::status flushed) {
        if (!*alive) return;
        complete_persist(persist_id, flushed ? error_code::none : flushed.error());
    });
    p->log().flush();  // durable now, whatever the topic's flush policy
}

}  // namespace sb::kafka

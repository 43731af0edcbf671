#include "loadgen/drivers/raw/raw_producer.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "loadgen/drivers/raw/kafka_frames.h"
#include "protocol/record_batch_builder.h"

namespace sb::loadgen {
namespace asio = boost::asio;
namespace {

constexpr int16_t k_produce_version = 9;
constexpr int32_t k_produce_timeout_ms = 30'000;

asio::steady_timer::time_point steady_time(int64_t ns) {
    return asio::steady_timer::time_point(std::chrono::nanoseconds(ns));
}

int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// FNV-1a: keyed messages go to hash(key) mod partitions, so a key always lands on one partition.
uint32_t key_hash(std::string_view key) {
    uint32_t h = 2166136261u;
    for (char c : key) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
    return h;
}

}  // namespace

raw_producer::raw_producer(asio::io_context& io, asio::ip::tcp::endpoint broker, const run_plan& plan,
                           const run_timeline& timeline, run_progress& progress, recorder& figures, std::string topic,
                           unsigned index)
    : socket_(io), broker_(std::move(broker)), pace_timer_(io), response_signal_(io), plan_(plan), timeline_(timeline),
      progress_(progress), figures_(figures), topic_(std::move(topic)), index_(index),
      schedule_(timeline.start_ns, plan.rate_per_s, index, static_cast<unsigned>(plan.producer_count())),
      payload_(make_payload_template(plan.load.message_size_bytes, plan.load.random_bytes_ratio, index + 1)),
      keys_(plan.load.keys, index + 1),
      max_messages_per_request_(std::max<uint64_t>(1, k_max_request_payload_bytes / payload_.size())),
      sticky_partition_(static_cast<int32_t>(index % static_cast<unsigned>(plan.load.partitions_per_topic))) {}

asio::awaitable<void> raw_producer::run() {
    boost::system::error_code ec;
    co_await socket_.async_connect(broker_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        figures_.on_error(fmt::format("producer {} cannot connect to the broker: {}", index_, ec.message()));
    } else {
        socket_.set_option(asio::ip::tcp::no_delay(true));
        asio::co_spawn(socket_.get_executor(), read_responses(), asio::detached);
        if (schedule_.open_loop()) {
            co_await send_open_loop();
        } else {
            co_await send_closed_loop();
        }
        const int64_t deadline = now_ns() + int64_t{k_drain_timeout_ms} * 1'000'000;
        while (!pending_.empty() && !broken_ && now_ns() < deadline) co_await wait_for_response(deadline);
        done_ = true;
        if (!pending_.empty()) fail_pending(fmt::format("no acknowledgement within {} ms", k_drain_timeout_ms));
        socket_.close(ec);
    }
    progress_.producers_running--;
}

asio::awaitable<void> raw_producer::send_open_loop() {
    const uint64_t total = schedule_.due_before(timeline_.end_ns);
    uint64_t next = 0;
    while (next < total && !broken_) {
        const uint64_t due = std::min(schedule_.due_by(now_ns()), total);
        if (due == next) {
            co_await wait_until(schedule_.due_ns(next));
            continue;
        }
        // The broker has enough unanswered requests: what falls due meanwhile goes together in the next one.
        while (pending_.size() >= k_max_in_flight_requests && !broken_) co_await wait_for_response();
        if (broken_) break;
        const uint64_t first = next;
        const uint64_t count = std::min(std::min(schedule_.due_by(now_ns()), total) - first, max_messages_per_request_);
        co_await send_request(count, [&](uint64_t i) { return schedule_.due_ns(first + i); });
        next += count;
    }
}

asio::awaitable<void> raw_producer::send_closed_loop() {
    const auto window = static_cast<uint64_t>(plan_.load.max_outstanding_messages_per_producer);
    co_await wait_until(timeline_.start_ns);
    while (now_ns() < timeline_.end_ns && !broken_) {
        if (pending_.size() >= k_max_in_flight_requests || outstanding_messages_ >= window) {
            co_await wait_for_response();
            continue;
        }
        const int64_t now = now_ns();
        co_await send_request(std::min(window - outstanding_messages_, max_messages_per_request_), [now](uint64_t) { return now; });
    }
}

int32_t raw_producer::partition_for(const std::optional<std::string_view>& key) {
    const auto partitions = static_cast<uint32_t>(plan_.load.partitions_per_topic);
    return key ? static_cast<int32_t>(key_hash(*key) % partitions) : sticky_partition_;
}

template <class DueOf>
asio::awaitable<void> raw_producer::send_request(uint64_t count, DueOf due) {
    // Messages without a key stick to one partition per request, as Kafka's clients'
    // sticky partitioner does; the next request moves to the next partition.
    std::map<int32_t, std::pair<protocol::record_batch_builder, pending_partition>> batches;
    const int64_t timestamp_ms = wall_clock_ms();
    for (uint64_t i = 0; i < count; ++i) {
        const int64_t due_ns = due(i);
        stamp_send_time(payload_, due_ns);
        auto key = keys_.next();
        const int32_t partition = partition_for(key);
        auto [it, added] = batches.try_emplace(partition);
        if (added) it->second.second.partition = partition;
        const std::string_view value(reinterpret_cast<const char*>(payload_.data()), payload_.size());
        it->second.first.add(timestamp_ms, key, value);
        it->second.second.due_ns.push_back(due_ns);
    }
    sticky_partition_ = (sticky_partition_ + 1) % plan_.load.partitions_per_topic;

    protocol::produce_request request;
    request.acks = plan_.acks == acks_mode::all ? int16_t{-1} : int16_t{1};
    request.timeout_ms = k_produce_timeout_ms;
    request.topic_data.resize(1);
    request.topic_data[0].name = topic_;
    pending_request pending{next_correlation_id_++, {}};
    for (auto& [partition, entry] : batches) {
        auto bytes = entry.first.build();  // no compression: cannot fail
        protocol::produce_request::partition_produce_data data;
        data.index = partition;
        data.records = protocol::record_set::copy_of(*bytes);
        request.topic_data[0].partition_data.push_back(std::move(data));
        pending.partitions.push_back(std::move(entry.second));
    }
    const iobuf frame = encode_request(request, k_produce_version, pending.correlation_id);
    pending_.push_back(std::move(pending));
    outstanding_messages_ += count;
    figures_.on_sent(count);
    if (auto error = co_await async_write_frame(socket_, frame); !error.empty()) fail_pending(error);
}

asio::awaitable<void> raw_producer::read_responses() {
    while (!done_ && !broken_) {
        iobuf frame;
        auto error = co_await async_read_frame(socket_, frame);
        if (done_) break;
        if (!error.empty()) {
            fail_pending(error);
            break;
        }
        if (pending_.empty()) {
            fail_pending("a response arrived that answers no request");
            break;
        }
        auto response = decode_response<protocol::produce_response>(frame, k_produce_version, pending_.front().correlation_id);
        if (!response) {
            fail_pending(response.error());
            break;
        }
        settle(pending_.front(), *response);
        pending_.pop_front();
        response_signal_.cancel();
    }
    response_signal_.cancel();
}

void raw_producer::settle(const pending_request& request, const protocol::produce_response& response) {
    const std::size_t payload_bytes = payload_.size();
    for (const auto& part : request.partitions) {
        const protocol::produce_response::partition_produce_response* answer = nullptr;
        for (const auto& t : response.responses) {
            for (const auto& p : t.partition_responses) {
                if (t.name == topic_ && p.index == part.partition) answer = &p;
            }
        }
        const auto count = static_cast<uint64_t>(part.due_ns.size());
        outstanding_messages_ -= count;
        if (!answer || answer->error_code != 0) {
            figures_.on_error(answer ? fmt::format("produce to {}-{}: {}", topic_, part.partition,
                                                   error_name(static_cast<error_code>(answer->error_code)))
                                     : fmt::format("produce response without partition {}-{}", topic_, part.partition),
                              count);
            progress_.failed += count;
            continue;
        }
        const int64_t now = now_ns();
        for (int64_t due_ns : part.due_ns) figures_.on_acked(due_ns, now, payload_bytes);
        progress_.acked += count;
    }
}

void raw_producer::fail_pending(const std::string& why) {
    // After a failure nothing more is sent on this connection: what was sent is failed,
    // what was not yet due is never sent (and so is neither counted nor failed).
    broken_ = true;
    for (const auto& request : pending_) {
        for (const auto& part : request.partitions) {
            const auto count = static_cast<uint64_t>(part.due_ns.size());
            figures_.on_error(why, count);
            progress_.failed += count;
            outstanding_messages_ -= count;
        }
    }
    pending_.clear();
    response_signal_.cancel();
}

asio::awaitable<void> raw_producer::wait_for_response(int64_t deadline_ns) {
    response_signal_.expires_at(deadline_ns == INT64_MAX ? asio::steady_timer::time_point::max() : steady_time(deadline_ns));
    boost::system::error_code ec;
    co_await response_signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> raw_producer::wait_until(int64_t when_ns) {
    pace_timer_.expires_at(steady_time(when_ns));
    boost::system::error_code ec;
    co_await pace_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace sb::loadgen

// The rdkafka driver: what users of librdkafka see. One librdkafka producer per
// workload producer, each on its own thread, and one librdkafka consumer per workload
// consumer, assigned its partitions at explicit offsets (StreamBus serves no consumer
// groups yet, and explicit offsets make the counts exact).
//
// librdkafka 2.0.2 can add up to about 1 ms to an acknowledgement even with
// linger.ms=0: the application's thread queues each message for librdkafka's broker
// thread, which is woken at a limited rate (bench/README.md). The raw driver shows the
// broker's own latency.
#include <librdkafka/rdkafka.h>

#include <thread>
#include <vector>

#include <fmt/format.h>

#include "loadgen/core/payload.h"
#include "loadgen/core/rate_schedule.h"
#include "loadgen/drivers/driver.h"
#include "loadgen/drivers/paced_producer.h"
#include "loadgen/drivers/rdkafka_support.h"
#include "loadgen/drivers/threaded_run.h"

namespace sb::loadgen {
namespace {

// Serves delivery reports until one arrives or `until_ns`. librdkafka's poll waits in
// whole milliseconds; the last fraction of one is slept.
void serve_until(rd_kafka_t* rk, int64_t until_ns) {
    for (;;) {
        const int64_t left_ns = until_ns - now_ns();
        if (left_ns >= 1'000'000) {
            if (rd_kafka_poll(rk, static_cast<int>(left_ns / 1'000'000)) > 0) return;
            continue;
        }
        rd_kafka_poll(rk, 0);
        if (left_ns > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(left_ns));
        return;
    }
}

// A librdkafka producer thread and what it measured.
class rdkafka_producer {
public:
    rdkafka_producer(const run_plan& plan, const run_timeline& timeline, run_progress& progress, std::string topic,
                     unsigned index)
        : plan_(plan), timeline_(timeline), progress_(progress), topic_(std::move(topic)), index_(index),
          payload_(make_payload_template(plan.load.message_size_bytes, plan.load.random_bytes_ratio, index + 1)),
          keys_(plan.load.keys, index + 1) {}

    // Creates the client (on the caller's thread, so that a failure stops the run early).
    result<void, std::string> open() {
        auto settings = base_settings(plan_.brokers);
        settings.push_back({"acks", plan_.acks == acks_mode::all ? "all" : "1"});
        // Open loop: send what is due at once. Closed loop: let batches fill a little.
        settings.push_back({"linger.ms", plan_.rate_per_s > 0 ? "0" : "5"});
        settings.push_back({"enable.idempotence", "false"});
        settings.push_back({"compression.codec", "none"});
        settings.push_back({"queue.buffering.max.messages", "1000000"});
        settings.push_back({"queue.buffering.max.kbytes", "1048576"});
        auto handle = open_handle(RD_KAFKA_PRODUCER, settings, [this](rd_kafka_conf_t* conf) {
            rd_kafka_conf_set_opaque(conf, this);
            rd_kafka_conf_set_dr_msg_cb(conf, &rdkafka_producer::on_delivery);
        });
        if (!handle) return unexpected(handle.error());
        handle_ = std::move(*handle);
        return {};
    }

    void run() {
        recorder_ = recorder(timeline_.window());
        rd_kafka_t* rk = handle_.get();
        rate_schedule schedule(timeline_.start_ns, plan_.rate_per_s, index_, static_cast<unsigned>(plan_.producer_count()));
        producer_hooks hooks;
        hooks.send = [&](int64_t due_ns) { return send(due_ns); };
        hooks.outstanding = [&] { return recorder_.sent() - recorder_.acked() - recorder_.errors(); };
        hooks.wait_until = [&](int64_t until_ns) { serve_until(rk, until_ns); };
        run_paced_producer(schedule, timeline_, static_cast<uint64_t>(plan_.load.max_outstanding_messages_per_producer), hooks);
        rd_kafka_flush(rk, k_drain_timeout_ms);
        const uint64_t missing = recorder_.sent() - recorder_.acked() - recorder_.errors();
        if (missing > 0) recorder_.on_error(fmt::format("{} messages not acknowledged within {} ms", missing, k_drain_timeout_ms), missing);
        progress_.producers_running--;
    }

    const recorder& figures() const { return recorder_; }

private:
    bool send(int64_t due_ns) {
        stamp_send_time(payload_, due_ns);
        auto key = keys_.next();
        const void* key_data = key ? key->data() : nullptr;
        const std::size_t key_size = key ? key->size() : 0;
        for (;;) {
            auto err = rd_kafka_producev(
                handle_.get(), RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_VALUE(payload_.data(), payload_.size()),
                RD_KAFKA_V_KEY(key_data, key_size),
                RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<intptr_t>(due_ns))), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                recorder_.on_error(std::string("cannot produce: ") + rd_kafka_err2str(err));
                recorder_.on_sent();
                progress_.failed++;
                return true;
            }
            rd_kafka_poll(handle_.get(), 1);  // librdkafka's queue is full: let acknowledgements drain it
        }
        recorder_.on_sent();
        rd_kafka_poll(handle_.get(), 0);
        return true;
    }

    static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
        auto* self = static_cast<rdkafka_producer*>(opaque);
        const auto due_ns = static_cast<int64_t>(reinterpret_cast<intptr_t>(m->_private));
        if (m->err) {
            self->recorder_.on_error(std::string("delivery failed: ") + rd_kafka_err2str(m->err));
            self->progress_.failed++;
            return;
        }
        self->recorder_.on_acked(due_ns, now_ns(), m->len);
        self->progress_.acked++;
    }

    const run_plan& plan_;
    const run_timeline& timeline_;
    run_progress& progress_;
    std::string topic_;
    unsigned index_;
    recorder recorder_;
    std::vector<uint8_t> payload_;
    key_generator keys_;
    rdkafka_handle handle_;
};

// A librdkafka consumer thread reading its partitions from the run's start offsets.
class rdkafka_consumer {
public:
    rdkafka_consumer(const run_plan& plan, const run_timeline& timeline, run_progress& progress)
        : plan_(plan), timeline_(timeline), progress_(progress) {}

    result<void, std::string> open(const std::string& topic, const std::vector<int32_t>& partitions,
                                   const std::vector<int64_t>& start_offsets) {
        auto settings = base_settings(plan_.brokers);
        settings.push_back({"group.id", k_assign_only_group});
        settings.push_back({"enable.auto.commit", "false"});
        settings.push_back({"fetch.wait.max.ms", "100"});
        auto handle = open_handle(RD_KAFKA_CONSUMER, settings, {});
        if (!handle) return unexpected(handle.error());
        handle_ = std::move(*handle);
        partition_list_ptr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
        for (int32_t p : partitions) {
            rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = start_offsets[static_cast<std::size_t>(p)];
        }
        if (auto err = rd_kafka_assign(handle_.get(), list.get())) {
            return unexpected(std::string("cannot assign partitions: ") + rd_kafka_err2str(err));
        }
        return {};
    }

    void run() {
        recorder_ = recorder(timeline_.window());
        while (!progress_.stop_consumers.load()) {
            rd_kafka_message_t* m = rd_kafka_consumer_poll(handle_.get(), 50);
            if (!m) continue;
            if (m->err) {
                if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && !is_transient(m->err)) {
                    recorder_.on_error(std::string("consume failed: ") + rd_kafka_message_errstr(m));
                }
            } else if (auto due = read_send_time({static_cast<const uint8_t*>(m->payload), m->len})) {
                recorder_.on_consumed(*due, now_ns());
                progress_.consumed++;
            } else {
                recorder_.on_error("consumed a message too short to carry its send time");
            }
            rd_kafka_message_destroy(m);
        }
        rd_kafka_consumer_close(handle_.get());
    }

    static bool run_on_thread() { return true; }
    const recorder& figures() const { return recorder_; }

private:
    const run_plan& plan_;
    const run_timeline& timeline_;
    run_progress& progress_;
    recorder recorder_;
    rdkafka_handle handle_;
};

class rdkafka_driver final : public driver {
public:
    result<recorder, std::string> run(const run_plan& plan) override {
        std::vector<std::vector<int64_t>> start_offsets;
        {
            auto admin = open_handle(RD_KAFKA_PRODUCER, base_settings(plan.brokers), {});
            if (!admin) return unexpected(admin.error());
            for (const auto& topic : plan.topics) {
                if (auto st = ensure_topic(admin->get(), plan.brokers, topic, plan.load.partitions_per_topic); !st) {
                    return unexpected(st.error());
                }
                auto offsets = end_offsets(admin->get(), topic, plan.load.partitions_per_topic);
                if (!offsets) return unexpected(offsets.error());
                start_offsets.push_back(std::move(*offsets));
            }
        }

        run_progress progress;
        // The clients open first; the timeline is fixed once they are ready, before any thread starts.
        std::vector<std::unique_ptr<rdkafka_consumer>> consumers;
        std::vector<std::unique_ptr<rdkafka_producer>> producers;
        run_timeline timeline;
        for (std::size_t t = 0; t < plan.topics.size(); ++t) {
            for (int c = 0; c < plan.load.consumers_per_subscription; ++c) {
                auto consumer = std::make_unique<rdkafka_consumer>(plan, timeline, progress);
                auto parts = partitions_of_consumer(c, plan.load.consumers_per_subscription, plan.load.partitions_per_topic);
                if (auto st = consumer->open(plan.topics[t], parts, start_offsets[t]); !st) return unexpected(st.error());
                consumers.push_back(std::move(consumer));
            }
        }
        for (std::size_t t = 0; t < plan.topics.size(); ++t) {
            for (int p = 0; p < plan.load.producers_per_topic; ++p) {
                auto index = static_cast<unsigned>(producers.size());
                auto producer = std::make_unique<rdkafka_producer>(plan, timeline, progress, plan.topics[t], index);
                if (auto st = producer->open(); !st) return unexpected(st.error());
                producers.push_back(std::move(producer));
            }
        }
        timeline = run_timeline::starting_soon(plan);
        return run_threads(progress, timeline, producers, consumers);
    }
};

}  // namespace

std::unique_ptr<driver> make_rdkafka_driver() { return std::make_unique<rdkafka_driver>(); }

}  // namespace sb::loadgen

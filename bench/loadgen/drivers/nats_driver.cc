// The nats driver: the same workloads against NATS JetStream (nats-server), through
// Debian's NATS C client. A topic maps to one stream named after it, file storage, one
// replica, whose subjects are "<topic>.<partition>": a partition is a subject, and a
// consumer reads its partitions through one push subscription per subject (JetStream
// 2.9 consumers filter on one subject), deliver-new, no acknowledgements.
//
// Differences that matter when reading the figures (bench/README.md): JetStream
// acknowledges a publish once the server has stored it, so --acks has no effect; and
// nats-server writes its file store to disk on an interval (sync_interval, 2 minutes by
// default), not before acknowledging, unlike StreamBus with acks=all.
#include <nats/nats.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "loadgen/core/payload.h"
#include "loadgen/core/rate_schedule.h"
#include "loadgen/drivers/driver.h"
#include "loadgen/drivers/paced_producer.h"
#include "loadgen/drivers/threaded_run.h"

namespace sb::loadgen {
namespace {

// Publishes that may wait for their acknowledgement in open loop (the client library
// stalls the publisher beyond it).
constexpr int64_t k_open_loop_max_pending = 1'000'000;
constexpr int64_t k_api_wait_ms = 10'000;

std::string describe(natsStatus s, jsErrCode code = static_cast<jsErrCode>(0)) {
    std::string out = natsStatus_GetText(s);
    if (code != 0) out += fmt::format(" (JetStream error {})", static_cast<int>(code));
    return out;
}

// One connection and its JetStream context.
class nats_session {
public:
    ~nats_session() {
        if (js_) jsCtx_Destroy(js_);
        if (nc_) natsConnection_Destroy(nc_);
    }

    result<void, std::string> open(const std::string& server, jsOptions* options) {
        const std::string url = server.find("://") == std::string::npos ? "nats://" + server : server;
        if (auto s = natsConnection_ConnectTo(&nc_, url.c_str()); s != NATS_OK) {
            return unexpected(fmt::format("cannot reach nats-server at {}: {}", server, describe(s)));
        }
        if (auto s = natsConnection_JetStream(&js_, nc_, options); s != NATS_OK) {
            return unexpected("cannot use JetStream: " + describe(s));
        }
        return {};
    }

    jsCtx* js() const { return js_; }

private:
    natsConnection* nc_ = nullptr;
    jsCtx* js_ = nullptr;
};

// Creates the stream for `topic` unless it exists.
result<void, std::string> ensure_stream(jsCtx* js, const std::string& topic) {
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    auto s = js_GetStreamInfo(&info, js, topic.c_str(), nullptr, &code);
    if (s == NATS_OK) {
        jsStreamInfo_Destroy(info);
        return {};
    }
    if (code != JSStreamNotFoundErr && s != NATS_NOT_FOUND) return unexpected(fmt::format("cannot look up stream {}: {}", topic, describe(s, code)));
    const std::string subjects = topic + ".*";
    const char* subject_list[] = {subjects.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = topic.c_str();
    config.Subjects = subject_list;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Replicas = 1;
    s = js_AddStream(&info, js, &config, nullptr, &code);
    if (s != NATS_OK) return unexpected(fmt::format("cannot create stream {}: {}", topic, describe(s, code)));
    jsStreamInfo_Destroy(info);
    return {};
}

class nats_producer {
public:
    nats_producer(const run_plan& plan, const run_timeline& timeline, run_progress& progress, std::string topic, unsigned index)
        : plan_(plan), timeline_(timeline), progress_(progress), topic_(std::move(topic)), index_(index),
          payload_(make_payload_template(plan.load.message_size_bytes, plan.load.random_bytes_ratio, index + 1)),
          keys_(plan.load.keys, index + 1) {
        for (int p = 0; p < plan.load.partitions_per_topic; ++p) subjects_.push_back(fmt::format("{}.{}", topic_, p));
    }

    result<void, std::string> open() {
        jsOptions options;
        jsOptions_Init(&options);
        options.Wait = k_api_wait_ms;
        options.PublishAsync.MaxPending = plan_.rate_per_s > 0 ? k_open_loop_max_pending : plan_.load.max_outstanding_messages_per_producer;
        options.PublishAsync.AckHandler = &nats_producer::on_ack;
        options.PublishAsync.AckHandlerClosure = this;
        return session_.open(plan_.brokers, &options);
    }

    void run() {
        send_figures_ = recorder(timeline_.window());
        ack_figures_ = recorder(timeline_.window());
        rate_schedule schedule(timeline_.start_ns, plan_.rate_per_s, index_, static_cast<unsigned>(plan_.producer_count()));
        producer_hooks hooks;
        hooks.send = [&](int64_t due_ns) { return send(due_ns); };
        hooks.outstanding = [&] { return sent_.load() - settled_.load(); };
        hooks.wait_until = [](int64_t until_ns) {
            const int64_t left = until_ns - now_ns();
            if (left > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(left));
        };
        run_paced_producer(schedule, timeline_, static_cast<uint64_t>(plan_.load.max_outstanding_messages_per_producer), hooks);
        jsPubOptions wait;
        jsPubOptions_Init(&wait);
        wait.MaxWait = k_drain_timeout_ms;
        js_PublishAsyncComplete(session_.js(), &wait);
        std::lock_guard lock(ack_mutex_);
        const uint64_t missing = sent_.load() - settled_.load();
        if (missing > 0) {
            ack_figures_.on_error(fmt::format("{} messages not acknowledged within {} ms", missing, k_drain_timeout_ms), missing);
        }
        progress_.producers_running--;
    }

    recorder figures() const {
        recorder out = send_figures_;
        std::lock_guard lock(ack_mutex_);
        out.merge(ack_figures_);
        return out;
    }

private:
    bool send(int64_t due_ns) {
        stamp_send_time(payload_, due_ns);
        auto key = keys_.next();
        const auto partitions = static_cast<std::size_t>(plan_.load.partitions_per_topic);
        // Unkeyed messages go round robin over the partitions' subjects.
        std::size_t partition = next_partition_++ % partitions;
        if (key) partition = std::hash<std::string_view>{}(*key) % partitions;
        sent_++;
        send_figures_.on_sent();
        auto s = js_PublishAsync(session_.js(), subjects_[partition].c_str(), payload_.data(), static_cast<int>(payload_.size()), nullptr);
        if (s != NATS_OK) {
            std::lock_guard lock(ack_mutex_);
            ack_figures_.on_error("cannot publish: " + describe(s));
            settled_++;
            progress_.failed++;
        }
        return true;
    }

    // Runs on the client library's thread for this connection.
    static void on_ack(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
        auto* self = static_cast<nats_producer*>(closure);
        const int64_t now = now_ns();
        {
            std::lock_guard lock(self->ack_mutex_);
            auto data = std::span(reinterpret_cast<const uint8_t*>(natsMsg_GetData(msg)), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
            auto due = read_send_time(data);
            if (ack && due) {
                self->ack_figures_.on_acked(*due, now, data.size());
                self->progress_.acked++;
            } else {
                self->ack_figures_.on_error(error ? "publish failed: " + describe(error->Err, error->ErrCode) : std::string("publish failed"));
                self->progress_.failed++;
            }
        }
        self->settled_++;
        natsMsg_Destroy(msg);
    }

    const run_plan& plan_;
    const run_timeline& timeline_;
    run_progress& progress_;
    std::string topic_;
    unsigned index_;
    std::vector<std::string> subjects_;
    std::vector<uint8_t> payload_;
    key_generator keys_;
    std::size_t next_partition_ = 0;
    nats_session session_;
    std::atomic<uint64_t> sent_{0};
    std::atomic<uint64_t> settled_{0};
    recorder send_figures_;           // the producer thread's
    mutable std::mutex ack_mutex_;    // the acknowledgement thread's, read at the end
    recorder ack_figures_;
};

// A consumer: one push subscription per partition subject, each delivering on its own
// library thread into its own recorder.
class nats_consumer {
public:
    nats_consumer(const run_plan& plan, const run_timeline& timeline, run_progress& progress)
        : plan_(plan), timeline_(timeline), progress_(progress) {}

    ~nats_consumer() {
        for (auto& s : subscriptions_) {
            if (s->sub) {
                natsSubscription_Unsubscribe(s->sub);  // deletes the JetStream consumer
                natsSubscription_Destroy(s->sub);
            }
        }
    }

    result<void, std::string> open(const std::string& topic, const std::vector<int32_t>& partitions) {
        jsOptions options;
        jsOptions_Init(&options);
        options.Wait = k_api_wait_ms;
        if (auto st = session_.open(plan_.brokers, &options); !st) return st;
        for (int32_t p : partitions) {
            auto sub = std::make_unique<subscription>();
            sub->owner = this;
            const std::string subject = fmt::format("{}.{}", topic, p);
            jsSubOptions so;
            jsSubOptions_Init(&so);
            so.Stream = topic.c_str();
            so.Config.DeliverPolicy = js_DeliverNew;
            so.Config.AckPolicy = js_AckNone;
            jsErrCode code = static_cast<jsErrCode>(0);
            auto s = js_Subscribe(&sub->sub, session_.js(), subject.c_str(), &nats_consumer::on_message, sub.get(), nullptr, &so, &code);
            if (s != NATS_OK) return unexpected(fmt::format("cannot subscribe to {}: {}", subject, describe(s, code)));
            // Never drop messages on the client side: a slow consumer shows as latency.
            natsSubscription_SetPendingLimits(sub->sub, -1, -1);
            subscriptions_.push_back(std::move(sub));
        }
        return {};
    }

    // Sets the measurement window, once the timeline is fixed and before anything is published.
    void arm() {
        for (auto& s : subscriptions_) {
            std::lock_guard lock(s->mutex);
            s->figures = recorder(timeline_.window());
        }
    }

    // The client library delivers on its own threads.
    static bool run_on_thread() { return false; }
    void run() {}

    // Called once the run is over; ends the subscriptions.
    recorder figures() {
        recorder out(timeline_.window());
        for (auto& s : subscriptions_) {
            if (s->sub) {
                natsSubscription_Unsubscribe(s->sub);
                natsSubscription_Destroy(s->sub);
                s->sub = nullptr;
            }
            std::lock_guard lock(s->mutex);
            out.merge(s->figures);
        }
        return out;
    }

private:
    struct subscription {
        nats_consumer* owner = nullptr;
        natsSubscription* sub = nullptr;
        std::mutex mutex;
        recorder figures;
    };

    static void on_message(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
        auto* s = static_cast<subscription*>(closure);
        const int64_t now = now_ns();
        auto data = std::span(reinterpret_cast<const uint8_t*>(natsMsg_GetData(msg)), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
        {
            std::lock_guard lock(s->mutex);
            if (auto due = read_send_time(data)) {
                s->figures.on_consumed(*due, now);
                s->owner->progress_.consumed++;
            } else {
                s->figures.on_error("consumed a message too short to carry its send time");
            }
        }
        natsMsg_Destroy(msg);
    }

    const run_plan& plan_;
    const run_timeline& timeline_;
    run_progress& progress_;
    nats_session session_;
    std::vector<std::unique_ptr<subscription>> subscriptions_;
};

class nats_driver final : public driver {
public:
    result<recorder, std::string> run(const run_plan& plan) override {
        auto outcome = run_workload(plan);
        nats_Close();
        return outcome;
    }

private:
    static result<recorder, std::string> run_workload(const run_plan& plan) {
        {
            nats_session admin;
            if (auto st = admin.open(plan.brokers, nullptr); !st) return unexpected(st.error());
            for (const auto& topic : plan.topics) {
                if (auto st = ensure_stream(admin.js(), topic); !st) return unexpected(st.error());
            }
        }
        run_progress progress;
        run_timeline timeline;
        std::vector<std::unique_ptr<nats_consumer>> consumers;
        std::vector<std::unique_ptr<nats_producer>> producers;
        for (const auto& topic : plan.topics) {
            for (int c = 0; c < plan.load.consumers_per_subscription; ++c) {
                consumers.push_back(std::make_unique<nats_consumer>(plan, timeline, progress));
                auto parts = partitions_of_consumer(c, plan.load.consumers_per_subscription, plan.load.partitions_per_topic);
                if (auto st = consumers.back()->open(topic, parts); !st) return unexpected(st.error());
            }
        }
        for (const auto& topic : plan.topics) {
            for (int p = 0; p < plan.load.producers_per_topic; ++p) {
                auto index = static_cast<unsigned>(producers.size());
                producers.push_back(std::make_unique<nats_producer>(plan, timeline, progress, topic, index));
                if (auto st = producers.back()->open(); !st) return unexpected(st.error());
            }
        }
        // The clients are open: fix the timeline now, so that no message is due before its producer runs.
        timeline = run_timeline::starting_soon(plan);
        for (auto& c : consumers) c->arm();
        return run_threads(progress, timeline, producers, consumers);
    }
};

}  // namespace

std::unique_ptr<driver> make_nats_driver() { return std::make_unique<nats_driver>(); }

}  // namespace sb::loadgen

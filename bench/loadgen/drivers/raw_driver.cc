// The raw driver: the Kafka protocol spoken directly with the broker's own codec, so
// that the figures show the broker's latency without a client library's. Producers and
// consumers are coroutines spread over k_raw_worker_threads Asio event loops, one
// connection each; every loop records into its own recorder.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <thread>

#include "loadgen/drivers/driver.h"
#include "loadgen/drivers/raw/raw_admin.h"
#include "loadgen/drivers/raw/raw_consumer.h"
#include "loadgen/drivers/raw/raw_producer.h"

namespace sb::loadgen {
namespace asio = boost::asio;
namespace {

// Event loops of the load generator. Two: the machines this is measured on have few
// cores, and the broker needs them more than the load generator does.
constexpr std::size_t k_raw_worker_threads = 2;

struct worker {
    asio::io_context io{1};
    recorder figures;
};

class raw_driver final : public driver {
public:
    result<recorder, std::string> run(const run_plan& plan) override {
        auto admin = raw_admin::connect(plan.brokers);
        if (!admin) return unexpected(admin.error());
        std::vector<std::vector<int64_t>> start_offsets;
        for (const auto& topic : plan.topics) {
            if (auto st = (*admin)->ensure_topic(topic, plan.load.partitions_per_topic); !st) return unexpected(st.error());
            auto offsets = (*admin)->end_offsets(topic, plan.load.partitions_per_topic);
            if (!offsets) return unexpected(offsets.error());
            start_offsets.push_back(std::move(*offsets));
        }
        const auto broker = (*admin)->endpoint();

        const run_timeline timeline = run_timeline::starting_soon(plan);
        run_progress progress;
        std::vector<std::unique_ptr<worker>> workers;
        for (std::size_t i = 0; i < k_raw_worker_threads; ++i) {
            workers.push_back(std::make_unique<worker>());
            workers.back()->figures = recorder(timeline.window());
        }
        std::vector<std::unique_ptr<raw_consumer>> consumers;
        std::vector<std::unique_ptr<raw_producer>> producers;
        std::size_t next_worker = 0;
        auto pick = [&]() -> worker& { return *workers[next_worker++ % workers.size()]; };
        for (std::size_t t = 0; t < plan.topics.size(); ++t) {
            for (int c = 0; c < plan.load.consumers_per_subscription; ++c) {
                auto parts = partitions_of_consumer(c, plan.load.consumers_per_subscription, plan.load.partitions_per_topic);
                std::vector<int64_t> offsets;
                for (int32_t p : parts) offsets.push_back(start_offsets[t][static_cast<std::size_t>(p)]);
                worker& w = pick();
                consumers.push_back(std::make_unique<raw_consumer>(w.io, broker, progress, w.figures, plan.topics[t],
                                                                   std::move(parts), std::move(offsets)));
                asio::co_spawn(w.io, consumers.back()->run(), asio::detached);
            }
        }
        progress.producers_running = plan.producer_count();
        for (std::size_t t = 0; t < plan.topics.size(); ++t) {
            for (int p = 0; p < plan.load.producers_per_topic; ++p) {
                worker& w = pick();
                auto index = static_cast<unsigned>(producers.size());
                producers.push_back(std::make_unique<raw_producer>(w.io, broker, plan, timeline, progress, w.figures,
                                                                   plan.topics[t], index));
                asio::co_spawn(w.io, producers.back()->run(), asio::detached);
            }
        }

        std::vector<std::thread> threads;
        for (auto& w : workers) threads.emplace_back([&w] { w->io.run(); });
        progress.wait_for_drain(!consumers.empty());
        for (auto& th : threads) th.join();

        recorder totals(timeline.window());
        for (const auto& w : workers) totals.merge(w->figures);
        return totals;
    }
};

}  // namespace

std::unique_ptr<driver> make_raw_driver() { return std::make_unique<raw_driver>(); }

}  // namespace sb::loadgen

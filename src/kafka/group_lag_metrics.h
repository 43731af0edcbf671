#pragma once
// Consumer lag as Prometheus gauges:
//   streambus_consumer_group_lag{group,topic,partition}  high watermark - committed offset
//   streambus_consumer_group_max_lag{group}              the largest lag of the group
// refresh() recomputes them with group_inspector and stores the values in atomics that
// the gauges read, so rendering /metrics never waits for a shard; the admin server calls
// refresh() before each scrape, so a scrape shows the lag as of that scrape. Gauges of
// groups and partitions that went away are removed.
//
// Threading: refresh() from one event loop only (the admin server's, shard 0); the
// gauges are read from any thread.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include <boost/asio/awaitable.hpp>

#include "kafka/group_inspector.h"

namespace sb::kafka {

class group_lag_metrics {
public:
    explicit group_lag_metrics(std::shared_ptr<broker_services> services) : inspector_(std::move(services)) {}
    ~group_lag_metrics();
    group_lag_metrics(const group_lag_metrics&) = delete;
    group_lag_metrics& operator=(const group_lag_metrics&) = delete;

    boost::asio::awaitable<void> refresh();

private:
    using value = std::shared_ptr<std::atomic<int64_t>>;
    group_inspector inspector_;
    std::map<std::tuple<std::string, std::string, int32_t>, value> lags_;  // group, topic, partition
    std::map<std::string, value> max_lags_;                                // group
};

}  // namespace sb::kafka

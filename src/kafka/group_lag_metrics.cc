#include "kafka/group_lag_metrics.h"

#include "base/metrics.h"

namespace sb::kafka {
namespace {

constexpr const char* k_lag_metric = "streambus_consumer_group_lag";
constexpr const char* k_max_lag_metric = "streambus_consumer_group_max_lag";

metrics::labels lag_labels(const std::tuple<std::string, std::string, int32_t>& key) {
    return {{"group", std::get<0>(key)}, {"topic", std::get<1>(key)}, {"partition", std::to_string(std::get<2>(key))}};
}

// Stores `v` under `key`, registering the gauge the first time the key appears.
template <class Key, class Labels>
void publish(std::map<Key, std::shared_ptr<std::atomic<int64_t>>>& values, const Key& key, int64_t v,
             const char* name, const char* help, Labels labels_of) {
    auto it = values.find(key);
    if (it == values.end()) {
        auto cell = std::make_shared<std::atomic<int64_t>>(v);
        metrics::registry::global().set_gauge(name, help, labels_of(key),
                                              [cell] { return static_cast<double>(cell->load(std::memory_order_relaxed)); });
        values.emplace(key, std::move(cell));
        return;
    }
    it->second->store(v, std::memory_order_relaxed);
}

// Removes the gauges of keys not in `live`.
template <class Key, class Labels>
void prune(std::map<Key, std::shared_ptr<std::atomic<int64_t>>>& values, const std::map<Key, bool>& live,
           const char* name, Labels labels_of) {
    for (auto it = values.begin(); it != values.end();) {
        if (live.contains(it->first)) {
            ++it;
            continue;
        }
        metrics::registry::global().remove(name, labels_of(it->first));
        it = values.erase(it);
    }
}

}  // namespace

group_lag_metrics::~group_lag_metrics() {
    for (const auto& [key, v] : lags_) metrics::registry::global().remove(k_lag_metric, lag_labels(key));
    for (const auto& [group, v] : max_lags_) metrics::registry::global().remove(k_max_lag_metric, {{"group", group}});
}

boost::asio::awaitable<void> group_lag_metrics::refresh() {
    auto inspecting = inspector_.groups();
    const std::vector<group_overview> groups = co_await std::move(inspecting);
    auto group_labels = [](const std::string& group) { return metrics::labels{{"group", group}}; };
    std::map<std::tuple<std::string, std::string, int32_t>, bool> live_lags;
    std::map<std::string, bool> live_groups;
    for (const group_overview& g : groups) {
        live_groups[g.group_id] = true;
        publish(max_lags_, g.group_id, g.max_lag, k_max_lag_metric,
                "The largest lag of the group's committed offsets, in records.", group_labels);
        for (const partition_lag& p : g.offsets) {
            if (p.lag < 0) continue;  // the partition is gone
            const auto key = std::make_tuple(g.group_id, p.topic, p.partition);
            live_lags[key] = true;
            publish(lags_, key, p.lag, k_lag_metric,
                    "Records between the group's committed offset and the partition's high watermark.", lag_labels);
        }
    }
    prune(lags_, live_lags, k_lag_metric, lag_labels);
    prune(max_lags_, live_groups, k_max_lag_metric, group_labels);
}

}  // namespace sb::kafka

#include "cluster/partition_manager.h"

#include <cassert>
#include <future>
#include <unordered_set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/log_context.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "cluster/async_callback.h"
#include "cluster/cross_shard.h"
#include "cluster/partition_directory.h"
#include "cluster/producer_replay.h"
#include "cluster/shard_blocking_executor.h"
#include "storage/clock.h"
#include "storage/memory_tail_budget.h"
#include "storage/open_segment_cache.h"

namespace sb::cluster {
namespace {

// How often each shard ticks its partitions (flush.ms is checked this often).
constexpr auto k_tick_interval = std::chrono::milliseconds(100);

const storage::system_clock& wall_clock() {
    static const storage::system_clock clock;
    return clock;
}

metrics::labels partition_labels(const std::string& topic, int32_t index) {
    return {{"topic", topic}, {"partition", std::to_string(index)}};
}

constexpr const char* k_log_size_metric = "streambus_partition_log_size_bytes";
constexpr const char* k_log_segments_metric = "streambus_partition_log_segments";
constexpr const char* k_topic_counter_names[] = {"streambus_topic_bytes_in_total", "streambus_topic_records_in_total",
                                                 "streambus_topic_bytes_out_total", "streambus_topic_records_out_total"};

// Counts a log that held data when it was opened: whether its clean-shutdown marker let
// it skip the recovery scan. Operators watch this after a restart (docs/operations.md).
void note_recovery(const std::string& topic, int32_t index, const storage::partition_log& log) {
    if (log.log_end_offset() == 0 && log.size_bytes() == 0) return;
    const char* mode = log.recovered_cleanly() ? "clean" : "scan";
    metrics::registry::global()
        .get_counter("streambus_storage_log_recoveries_total",
                     "Partition logs with data opened at start-up or creation, by recovery mode: clean (the "
                     "clean-shutdown marker let it skip the scan) or scan (every batch after the recovery point "
                     "was checked).",
                     {{"mode", mode}})
        .inc();
    if (!log.recovered_cleanly()) {
        logging::log_about(*logging::get("cluster"), spdlog::level::info, {topic, index, {}},
                           "{}-{}: no clean-shutdown marker; recovered by scanning, log end offset {}", topic, index,
                           log.log_end_offset());
    }
}

}  // namespace

struct partition_manager::shard_state {
    shard_state(boost::asio::thread_pool& pool, const boost::asio::any_io_executor& ex,
                const storage::storage_limits& limits)
        : blocking(pool, ex),
          segment_cache(limits.max_open_segments, blocking),
          tail_budget(limits.max_shard_tail_bytes),
          tick_timer(ex),
          drained(ex) {}

    // Held by every open_partition and close_partition for as long as it runs: each can
    // own a partition log (or be about to) that is in no map, so close_shard must wait
    // for them; otherwise such a log is destroyed with the shard's event loop, after the
    // blocking pool its destructor posts to.
    class in_flight_guard {
    public:
        explicit in_flight_guard(shard_state& st) : st_(st) { ++st_.in_flight; }
        ~in_flight_guard() {
            if (--st_.in_flight == 0) st_.drained.cancel();
        }
        in_flight_guard(const in_flight_guard&) = delete;
        in_flight_guard& operator=(const in_flight_guard&) = delete;

    private:
        shard_state& st_;
    };

    shard_blocking_executor blocking;
    storage::open_segment_cache segment_cache;
    storage::memory_tail_budget tail_budget;  // outlives the partitions below
    std::unordered_map<partition_id, std::unique_ptr<partition>, partition_id_hash> partitions;
    // Partitions being opened, and whether their topic was deleted meanwhile.
    std::unordered_map<partition_id, bool, partition_id_hash> opening;
    // The topic (its configs) each open or opening partition runs with; AlterConfigs
    // replaces it, and the broker's defaults go under its configs (reconfigure).
    std::unordered_map<partition_id, std::shared_ptr<const topic_metadata>, partition_id_hash> topics;
    boost::asio::steady_timer tick_timer;
    bool stopping = false;
    // Opens and closes under way (in_flight_guard); `drained` is cancelled when the last
    // one ends, which wakes close_shard.
    std::size_t in_flight = 0;
    boost::asio::steady_timer drained;
};

partition_manager::partition_manager(partition_manager_config config, std::vector<boost::asio::any_io_executor> shards,
                                     boost::asio::thread_pool& blocking_pool, std::shared_ptr<storage::file_system> fs)
    : config_(std::move(config)), shards_(std::move(shards)), fs_(std::move(fs)) {
    assert(!shards_.empty() && fs_);
    for (const auto& ex : shards_) {
        state_.push_back(std::make_unique<shard_state>(blocking_pool, ex, config_.limits));
    }
    topic_defaults_.store(std::make_shared<const topic_config_defaults>(config_.topic_defaults));
    metrics::registry::global().set_gauge("streambus_partitions", "Partitions open on this broker.", {},
                                          [count = open_partitions_] { return static_cast<double>(count->load()); });
    for (unsigned s = 0; s < shard_count(); ++s) {
        boost::asio::co_spawn(shards_[s], tick_loop(s), boost::asio::detached);
    }
}

partition_manager::~partition_manager() = default;

const boost::asio::any_io_executor& partition_manager::executor(unsigned shard) const {
    assert(shard < shards_.size());
    return shards_[shard];
}

storage::blocking_executor& partition_manager::blocking(unsigned shard) {
    assert(shard < state_.size());
    return state_[shard]->blocking;
}

partition* partition_manager::find(unsigned shard, const partition_id& id) {
    assert(shard < state_.size() && owner_of(id) == shard);
    auto& partitions = state_[shard]->partitions;
    auto it = partitions.find(id);
    return it == partitions.end() ? nullptr : it->second.get();
}

topic_counters partition_manager::counters_for(const std::string& topic) {
    auto& registry = metrics::registry::global();
    const metrics::labels labels{{"topic", topic}};
    return topic_counters{
        &registry.get_counter(k_topic_counter_names[0], "Bytes of record batches produced to the topic.", labels),
        &registry.get_counter(k_topic_counter_names[1], "Records produced to the topic.", labels),
        &registry.get_counter(k_topic_counter_names[2], "Bytes of record batches fetched from the topic.", labels),
        &registry.get_counter(k_topic_counter_names[3], "Offsets delivered to fetches from the topic.", labels),
    };
}

sb::result<partition_config> partition_manager::config_for(const topic_metadata& topic) const {
    const std::shared_ptr<const topic_config_defaults> defaults = topic_defaults();
    auto config = make_partition_config(topic.configs, *defaults);
    if (!config) {
        logging::log_about(*logging::get("cluster"), spdlog::level::err, {topic.name, {}, {}}, "topic {}: {}",
                           topic.name, config.error().message);
        return sb::unexpected(error_code::invalid_config);
    }
    config->log.fsync_before_ack = config_.fsync_before_ack;
    return std::move(*config);
}

void partition_manager::register_gauges(const partition& p) {
    auto& registry = metrics::registry::global();
    const auto labels = partition_labels(p.topic(), p.id().partition);
    registry.set_gauge(k_log_size_metric, "Bytes in the partition's log segments.", labels,
                       [g = p.gauges()] { return static_cast<double>(g->log_size_bytes.load()); });
    registry.set_gauge(k_log_segments_metric, "Segments of the partition's log.", labels,
                       [g = p.gauges()] { return static_cast<double>(g->log_segments.load()); });
}

void partition_manager::remove_gauges(const std::string& topic, int32_t index) {
    auto& registry = metrics::registry::global();
    const auto labels = partition_labels(topic, index);
    registry.remove(k_log_size_metric, labels);
    registry.remove(k_log_segments_metric, labels);
}

boost::asio::awaitable<sb::status> partition_manager::open_partition(unsigned shard,
                                                                     std::shared_ptr<const topic_metadata> topic,
                                                                     int32_t index) {
    shard_state& st = *state_[shard];
    const partition_id id{topic->id, index};
    assert(owner_of(id) == shard);
    if (st.partitions.contains(id) || st.opening.contains(id) || st.stopping) co_return sb::status{};
    auto config = config_for(*topic);
    if (!config) co_return sb::unexpected(config.error());
    const shard_state::in_flight_guard guard(st);
    st.opening.emplace(id, false);
    st.topics.insert_or_assign(id, topic);

    const std::filesystem::path dir = partition_directory(config_.data_dir, topic->name, index);
    struct opened {
        sb::result<std::unique_ptr<storage::partition_log>> log = sb::unexpected(error_code::kafka_storage_error);
        std::optional<producer_snapshot> snapshot;
    };
    storage::log_dependencies deps{fs_, &st.blocking, &wall_clock(), &st.segment_cache, config_.limits, &st.tail_budget};
    std::function<std::shared_ptr<opened>()> open_files = [dir, topic_id = topic->id, log_config = config->log,
                                                           deps]() {
            auto out = std::make_shared<opened>();
            // A directory of an older topic with this name is not ours to serve.
            const auto existing = read_partition_metadata(dir);
            if (existing && *existing != topic_id) (void)remove_partition_directory(dir, *existing);
            if (existing != topic_id) {
                if (auto written = write_partition_metadata(dir, topic_id); !written) return out;
            }
            out->log = storage::partition_log::open(dir.string(), log_config, deps);
            if (out->log) out->snapshot = load_producer_snapshot(dir);
            return out;
    };
    auto opening = run_blocking<std::shared_ptr<opened>>(st.blocking, std::move(open_files), nullptr);
    auto result = co_await std::move(opening);
    const bool cancelled = st.opening[id];
    st.opening.erase(id);
    if (!result || !result->log) {
        st.topics.erase(id);
        logging::log_about(*logging::get("cluster"), spdlog::level::err, {topic->name, index, {}},
                           "{}: cannot open the partition log", dir.string());
        co_return sb::unexpected(error_code::kafka_storage_error);
    }
    auto& log = *result->log;
    note_recovery(topic->name, index, *log);
    producer_snapshot recovered;
    int64_t replay_from = log->log_start_offset();
    if (result->snapshot && result->snapshot->log_end_offset <= log->log_end_offset()) {
        recovered = std::move(*result->snapshot);
        replay_from = recovered.log_end_offset;
    }
    auto p = std::make_unique<partition>(id, topic->name, dir, std::move(log), *config, config_.partition,
                                         counters_for(topic->name), recovered);
    st.opening.emplace(id, cancelled);
    auto replaying = replay_producer_state(*p, replay_from, st.blocking, wall_clock().now_ms());
    auto replayed = co_await std::move(replaying);
    const bool cancelled_now = st.opening[id];
    st.opening.erase(id);
    if (!replayed) {
        logging::log_about(*logging::get("cluster"), spdlog::level::err, {topic->name, index, {}},
                           "{}: rebuilding producer state failed", dir.string());
    }
    if (cancelled_now || st.stopping) {
        st.topics.erase(id);
        // Deleted (or shutting down) while opening: close it instead of serving it.
        auto closing = close_and_maybe_remove(st, std::move(p), cancelled_now);
        co_await std::move(closing);
        co_return sb::status{};
    }
    if (!replayed) {
        st.topics.erase(id);
        co_return sb::unexpected(replayed.error());
    }
    register_gauges(*p);
    st.partitions.emplace(id, std::move(p));
    open_partitions_->fetch_add(1, std::memory_order_relaxed);
    // The topic's configs or the broker's defaults may have changed while it opened.
    reconfigure(shard, id);
    co_return sb::status{};
}

void partition_manager::reconfigure(unsigned shard, const partition_id& id) {
    shard_state& st = *state_[shard];
    auto open = st.partitions.find(id);
    auto topic = st.topics.find(id);
    assert(open != st.partitions.end() && topic != st.topics.end());
    if (auto config = config_for(*topic->second)) open->second->set_config(*config);
}

void partition_manager::apply_topic_configs(unsigned shard, const partition_id& id,
                                            std::shared_ptr<const topic_metadata> topic) {
    shard_state& st = *state_[shard];
    if (!st.partitions.contains(id) && !st.opening.contains(id)) return;
    st.topics.insert_or_assign(id, std::move(topic));
    if (st.partitions.contains(id)) reconfigure(shard, id);
}

std::size_t partition_manager::reapply_configs(unsigned shard) {
    shard_state& st = *state_[shard];
    for (const auto& [id, p] : st.partitions) reconfigure(shard, id);
    return st.partitions.size();
}

boost::asio::awaitable<void> partition_manager::close_partition(unsigned shard, partition_id id, bool remove_directory) {
    shard_state& st = *state_[shard];
    const shard_state::in_flight_guard guard(st);
    if (auto opening = st.opening.find(id); opening != st.opening.end()) {
        if (remove_directory) opening->second = true;  // open_partition cleans up
        co_return;
    }
    auto it = st.partitions.find(id);
    if (it == st.partitions.end()) co_return;
    std::unique_ptr<partition> p = std::move(it->second);
    st.partitions.erase(it);
    st.topics.erase(id);
    open_partitions_->fetch_sub(1, std::memory_order_relaxed);
    remove_gauges(p->topic(), id.partition);
    auto closing = close_and_maybe_remove(st, std::move(p), remove_directory);
    co_await std::move(closing);
}

boost::asio::awaitable<void> partition_manager::close_and_maybe_remove(shard_state& st, std::unique_ptr<partition> p,
                                                                      bool remove_directory) {
    partition* raw = p.get();
    std::function<void(std::function<void(bool)>)> start = [raw, &st](std::function<void(bool)> done) {
        raw->close(st.blocking, [done] { done(true); });
    };
    auto closing = await_callback<bool>(std::move(start), false);
    co_await std::move(closing);
    const std::filesystem::path dir = p->dir();
    const protocol::uuid topic_id = p->id().topic_id;
    p.reset();
    if (!remove_directory) co_return;
    std::function<bool()> remove = [dir, topic_id] { return remove_partition_directory(dir, topic_id).has_value(); };
    auto removing = run_blocking<bool>(st.blocking, std::move(remove), false);
    co_await std::move(removing);
}

boost::asio::awaitable<void> partition_manager::tick_loop(unsigned shard) {
    shard_state& st = *state_[shard];
    while (!st.stopping) {
        st.tick_timer.expires_after(k_tick_interval);
        boost::system::error_code ec;
        co_await st.tick_timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        if (st.stopping) break;
        const int64_t now_ms = wall_clock().now_ms();
        for (auto& [id, p] : st.partitions) p->tick(now_ms, st.blocking);
    }
}

boost::asio::awaitable<void> partition_manager::close_shard(unsigned shard) {
    shard_state& st = *state_[shard];
    st.stopping = true;
    st.tick_timer.cancel();
    std::vector<shard_job<bool>> jobs;
    for (const auto& [id, p] : st.partitions) {
        jobs.push_back({executor(shard), [this, shard, id = id]() -> boost::asio::awaitable<bool> {
                            auto closing = close_partition(shard, id, false);
                            co_await std::move(closing);
                            co_return true;
                        }});
    }
    auto closing = run_on_each(std::move(jobs));
    co_await std::move(closing);
    // Partitions still opening close themselves once open (they see `stopping`), and a
    // DeleteTopics may be removing some: wait for all of them, so that no log outlives
    // this shard's stop.
    while (st.in_flight > 0) {
        st.drained.expires_at(boost::asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await st.drained.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
}

}  // namespace sb::cluster

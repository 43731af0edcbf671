// partition_manager: start-up recovery, topic creation and deletion, shutdown.
#include <future>

#include <boost/asio/co_spawn.hpp>

#include "base/logging.h"
#include "cluster/async_callback.h"
#include "cluster/cross_shard.h"
#include "cluster/partition_directory.h"
#include "cluster/partition_manager.h"

namespace sb::cluster {
namespace {

// Whether a directory found at start-up holds a partition of a current topic.
bool belongs_to_current_topic(const partition_directory_entry& entry, const topic_snapshot& topics) {
    const topic_metadata* topic = topics.find(entry.topic);
    return topic != nullptr && entry.topic_id == topic->id && entry.partition < topic->partition_count();
}

}  // namespace

boost::asio::awaitable<sb::status> partition_manager::recover(std::shared_ptr<const topic_snapshot> topics) {
    // (Temporaries are kept out of co_await expressions: GCC 12 mishandles non-trivial
    // ones there, so every awaited operation is built in a statement of its own.)
    using scanned = sb::result<std::vector<partition_directory_entry>>;
    std::function<scanned()> scan = [dir = config_.data_dir] { return scan_partition_directories(dir); };
    auto scanning = run_blocking<scanned>(blocking(0), std::move(scan), sb::unexpected(error_code::kafka_storage_error));
    auto entries = co_await std::move(scanning);
    if (!entries) co_return sb::unexpected(entries.error());
    for (const auto& entry : *entries) {
        if (belongs_to_current_topic(entry, *topics)) continue;
        logging::get("cluster")->info("removing {}: it belongs to no current topic", entry.path.string());
        std::function<bool()> remove = [entry] {
            return remove_partition_directory(entry.path, entry.topic_id.value_or(protocol::uuid::nil())).has_value();
        };
        auto removing = run_blocking<bool>(blocking(0), std::move(remove), false);
        const bool removed = co_await std::move(removing);
        if (!removed) co_return sb::unexpected(error_code::kafka_storage_error);
    }
    std::vector<std::shared_ptr<const topic_metadata>> all;
    for (const auto& [name, topic] : topics->topics()) all.push_back(topic);
    auto opening = open_all(std::move(all));
    co_return co_await std::move(opening);
}

boost::asio::awaitable<sb::status> partition_manager::create_partitions(std::shared_ptr<const topic_metadata> topic) {
    auto opening = open_all({std::move(topic)});
    co_return co_await std::move(opening);
}

boost::asio::awaitable<sb::status> partition_manager::open_all(std::vector<std::shared_ptr<const topic_metadata>> topics) {
    std::vector<shard_job<sb::status>> jobs;
    for (const auto& topic : topics) {
        for (int32_t index = 0; index < topic->partition_count(); ++index) {
            const unsigned owner = owner_of({topic->id, index});
            jobs.push_back({executor(owner), [this, owner, topic, index] { return open_partition(owner, topic, index); }});
        }
    }
    auto opening = run_on_each(std::move(jobs));
    const auto results = co_await std::move(opening);
    for (const auto& r : results) {
        if (!r) co_return r;
    }
    co_return sb::status{};
}

boost::asio::awaitable<void> partition_manager::remove_partitions(std::shared_ptr<const topic_metadata> topic) {
    std::vector<shard_job<bool>> jobs;
    for (int32_t index = 0; index < topic->partition_count(); ++index) {
        const partition_id id{topic->id, index};
        const unsigned owner = owner_of(id);
        jobs.push_back({executor(owner), [this, owner, id]() -> boost::asio::awaitable<bool> {
                            auto closing = close_partition(owner, id, true);
                            co_await std::move(closing);
                            co_return true;
                        }});
    }
    auto closing = run_on_each(std::move(jobs));
    co_await std::move(closing);
    auto& registry = metrics::registry::global();
    for (const char* name : {"streambus_topic_bytes_in_total", "streambus_topic_records_in_total",
                             "streambus_topic_bytes_out_total", "streambus_topic_records_out_total"}) {
        registry.remove(name, {{"topic", topic->name}});
    }
}

boost::asio::awaitable<sb::status> partition_manager::update_configs(std::shared_ptr<const topic_metadata> topic) {
    // Checked here, so that a refusal changes nothing; each owner computes the config
    // again over the defaults in force when it applies it (a SIGHUP may come between).
    if (auto config = config_for(*topic); !config) co_return sb::unexpected(config.error());
    std::vector<shard_job<bool>> jobs;
    for (int32_t index = 0; index < topic->partition_count(); ++index) {
        const partition_id id{topic->id, index};
        const unsigned owner = owner_of(id);
        jobs.push_back({executor(owner), [this, owner, id, topic]() -> boost::asio::awaitable<bool> {
                            apply_topic_configs(owner, id, topic);
                            co_return true;
                        }});
    }
    auto updating = run_on_each(std::move(jobs));
    co_await std::move(updating);
    logging::get("cluster")->info("topic {}: {} partition(s) run with the new configs", topic->name, topic->partition_count());
    co_return sb::status{};
}

boost::asio::awaitable<sb::status> partition_manager::set_topic_defaults(topic_config_defaults defaults) {
    if (auto checked = validate_topic_configs({}, defaults); !checked) {
        logging::get("cluster")->error("broker defaults for topic configs refused: {}", checked.error().message);
        co_return sb::unexpected(error_code::invalid_config);
    }
    // Published before the shards reconfigure: a partition that opens meanwhile reads the
    // new defaults, and one that reads the old ones is reconfigured below or when it opens.
    topic_defaults_.store(std::make_shared<const topic_config_defaults>(std::move(defaults)));
    std::vector<shard_job<std::size_t>> jobs;
    for (unsigned shard = 0; shard < shard_count(); ++shard) {
        jobs.push_back({executor(shard), [this, shard]() -> boost::asio::awaitable<std::size_t> {
                            co_return reapply_configs(shard);
                        }});
    }
    auto reconfiguring = run_on_each(std::move(jobs));
    const auto counts = co_await std::move(reconfiguring);
    std::size_t total = 0;
    for (std::size_t n : counts) total += n;
    logging::get("cluster")->info("broker defaults for topic configs changed: {} open partition(s) reconfigured", total);
    co_return sb::status{};
}

void partition_manager::stop() {
    std::vector<std::future<void>> closed;
    for (unsigned s = 0; s < shard_count(); ++s) {
        auto done = std::make_shared<std::promise<void>>();
        closed.push_back(done->get_future());
        boost::asio::co_spawn(executor(s), close_shard(s), [done](std::exception_ptr) { done->set_value(); });
    }
    for (auto& f : closed) f.wait();
}

}  // namespace sb::cluster

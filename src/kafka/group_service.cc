#include "kafka/group_service.h"

#include <cassert>
#include <future>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "base/logging.h"
#include "cluster/cross_shard.h"
#include "kafka/topic_lifecycle.h"

namespace sb::kafka {

group_service::group_service(std::shared_ptr<cluster::partition_manager> partitions,
                             std::shared_ptr<cluster::topic_table> topics, broker_config config)
    : partitions_(std::move(partitions)), topics_(std::move(topics)), config_(std::move(config)) {
    assert(partitions_ && topics_);
    for (unsigned s = 0; s < partitions_->shard_count(); ++s) shards_.push_back(std::make_unique<shard_state>());
}

std::shared_ptr<const cluster::topic_metadata> group_service::offsets_topic() const {
    const auto snapshot = topics_->snapshot();
    auto it = snapshot->topics().find(k_offsets_topic);
    return it == snapshot->topics().end() ? nullptr : it->second;
}

std::shared_ptr<const cluster::topic_metadata> group_service::ensure_offsets_topic() {
    if (creating_) return nullptr;
    if (auto topic = offsets_topic()) return topic;
    {
        creating_ = true;
        boost::asio::co_spawn(partitions_->executor(0), create_offsets_topic(), boost::asio::detached);
    }
    return nullptr;
}

boost::asio::awaitable<void> group_service::create_offsets_topic() {
    auto log = sb::logging::get("groups");
    const group_settings& s = config_.groups;
    cluster::topic_creation_request request;
    request.name = std::string(k_offsets_topic);
    request.num_partitions = s.offsets_topic_partitions;
    request.replication_factor = s.offsets_topic_replication_factor;
    request.configs = {{"cleanup.policy", "compact"},
                       {"segment.bytes", std::to_string(s.offsets_topic_segment_bytes)},
                       {"compression.type", "producer"}};
    auto creating = create_topic(*topics_, *partitions_, config_, request, false);
    auto created = co_await std::move(creating);
    creating_ = false;
    if (!created) {
        log->error("cannot create {}: {} ({})", k_offsets_topic, error_name(created.error().code),
                   created.error().message);
        co_return;
    }
    log->info("created {} with {} partitions", k_offsets_topic, (*created)->partition_count());
    auto starting = start(*created);
    co_await std::move(starting);
}

boost::asio::awaitable<void> group_service::start(std::shared_ptr<const cluster::topic_metadata> topic) {
    std::vector<cluster::shard_job<bool>> jobs;
    for (int32_t index = 0; index < topic->partition_count(); ++index) {
        const cluster::partition_id id{topic->id, index};
        const unsigned owner = partitions_->owner_of(id);
        jobs.push_back({partitions_->executor(owner), [this, owner, id]() -> boost::asio::awaitable<bool> {
                            auto starting = start_partition(owner, id);
                            co_await std::move(starting);
                            co_return true;
                        }});
    }
    auto all = cluster::run_on_each(std::move(jobs));
    co_await std::move(all);
}

boost::asio::awaitable<void> group_service::start_partition(unsigned shard, cluster::partition_id id) {
    shard_state& st = *shards_[shard];
    if (st.stopping) co_return;
    auto existing = st.drivers.find(id.partition);
    if (existing != st.drivers.end() && existing->second->id() == id) co_return;
    auto driver = std::make_shared<group_driver>(*partitions_, shard, id, config_.groups);
    st.drivers[id.partition] = driver;
    auto loading = driver->load();
    auto loaded = co_await std::move(loading);
    if (!loaded) {
        sb::logging::get("groups")->error("{}-{}: cannot load the groups: {}", k_offsets_topic, id.partition,
                                          error_name(loaded.error()));
        // The driver may be gone already (stop); drop it only if it is still this one.
        auto it = st.drivers.find(id.partition);
        if (it != st.drivers.end() && it->second == driver) st.drivers.erase(it);
    }
}

group_driver* group_service::find(unsigned shard, const cluster::partition_id& id) {
    assert(shard < shards_.size());
    shard_state& st = *shards_[shard];
    if (st.stopping) return nullptr;
    auto it = st.drivers.find(id.partition);
    if (it == st.drivers.end() || !(it->second->id() == id)) return nullptr;
    return it->second.get();
}

std::vector<group_driver*> group_service::drivers_on(unsigned shard) {
    std::vector<group_driver*> out;
    shard_state& st = *shards_[shard];
    if (st.stopping) return out;
    for (auto& [index, driver] : st.drivers) out.push_back(driver.get());
    return out;
}

void group_service::stop() {
    std::vector<std::future<void>> stopped;
    for (unsigned s = 0; s < shards_.size(); ++s) {
        auto done = std::make_shared<std::promise<void>>();
        stopped.push_back(done->get_future());
        boost::asio::post(partitions_->executor(s), [this, s, done] {
            shards_[s]->stopping = true;
            shards_[s]->drivers.clear();
            done->set_value();
        });
    }
    for (auto& f : stopped) f.wait();
}

}  // namespace sb::kafka

#include "cluster/topic_table.h"

#include <cassert>
#include <fmt/format.h>

#include "base/logging.h"
#include "cluster/async_callback.h"

namespace sb::cluster {
namespace {

// The topic with `id` in `current`, or UNKNOWN_TOPIC_ID.
sb::result<topic_snapshot::topic_ptr, topic_error> existing(const topic_snapshot& current, const protocol::uuid& id) {
    const topic_metadata* found = current.find(id);
    if (!found) {
        return sb::unexpected(topic_error{error_code::unknown_topic_id, std::string(error_message(error_code::unknown_topic_id))});
    }
    return current.topics().find(found->name)->second;
}

// The topic's name for messages ("'orders'"), or its id once it is gone.
std::string topic_label(const topic_snapshot& current, const protocol::uuid& id) {
    const topic_metadata* found = current.find(id);
    return found ? fmt::format("'{}'", found->name) : id.to_string();
}

}  // namespace

sb::result<std::shared_ptr<topic_table>> topic_table::open(std::unique_ptr<topic_store> store,
                                                           std::unique_ptr<storage::blocking_executor> persist_executor) {
    assert(store && persist_executor);
    auto loaded = store->load();
    if (!loaded) return sb::unexpected(loaded.error());
    std::vector<topic_snapshot::topic_ptr> topics;
    topics.reserve(loaded->size());
    for (auto& topic : *loaded) topics.push_back(std::make_shared<const topic_metadata>(std::move(topic)));
    auto initial = std::make_shared<const topic_snapshot>(std::move(topics), 0);
    sb::logging::get("cluster")->info("loaded {} topic(s)", initial->size());
    return std::shared_ptr<topic_table>(new topic_table(std::move(store), std::move(persist_executor), std::move(initial)));
}

topic_table::topic_table(std::unique_ptr<topic_store> store, std::unique_ptr<storage::blocking_executor> persist_executor,
                         std::shared_ptr<const topic_snapshot> initial)
    : store_(std::move(store)), persist_executor_(std::move(persist_executor)), current_(std::move(initial)) {}

void topic_table::assert_writer_thread() {
    std::thread::id unbound{};
    const std::thread::id self = std::this_thread::get_id();
    // The first writer binds the table; every later write must come from that thread.
    [[maybe_unused]] const bool bound_now = writer_thread_.compare_exchange_strong(unbound, self);
    assert(bound_now || unbound == self);
}

boost::asio::awaitable<void> topic_table::wait_for_turn() {
    if (!writing_) {
        writing_ = true;
        co_return;
    }
    std::function<void(std::function<void(bool)>)> queue = [this](std::function<void(bool)> resume) {
        waiting_writes_.push_back([resume = std::move(resume)] { resume(true); });
    };
    auto waiting = await_callback<bool>(std::move(queue), false);
    co_await std::move(waiting);
}

void topic_table::end_turn() {
    if (waiting_writes_.empty()) {
        writing_ = false;
        return;
    }
    // The turn passes straight to the oldest waiting write (writing_ stays true).
    auto next = std::move(waiting_writes_.front());
    waiting_writes_.pop_front();
    next();
}

boost::asio::awaitable<topic_table::change_result> topic_table::write(
    std::function<planned_change(const topic_snapshot&)> plan, std::string what) {
    assert_writer_thread();
    auto turn = wait_for_turn();
    co_await std::move(turn);
    struct turn_guard {
        topic_table& table;
        ~turn_guard() { table.end_turn(); }
    } guard{*this};

    auto planned = plan(*snapshot());
    if (!planned) co_return sb::unexpected(std::move(planned).error());
    auto next = std::make_shared<const topic_snapshot>(std::move(planned->first));
    std::function<sb::status()> save = [self = shared_from_this(), next] { return self->store_->save(*next); };
    auto saving = run_blocking<sb::status>(*persist_executor_, std::move(save),
                                           sb::unexpected(error_code::kafka_storage_error));
    if (auto saved = co_await std::move(saving); !saved) {
        co_return sb::unexpected(topic_error{error_code::kafka_storage_error, fmt::format("{} could not be stored.", what)});
    }
    current_.store(std::move(next), std::memory_order_release);
    co_return std::move(planned->second);
}

boost::asio::awaitable<topic_table::change_result> topic_table::create_topic(topic_metadata topic) {
    assert(!topic.id.is_nil() && !topic.replicas_by_partition.empty());
    auto created = std::make_shared<const topic_metadata>(std::move(topic));
    auto plan = [created](const topic_snapshot& current) -> planned_change {
        if (current.find(created->name)) {
            return sb::unexpected(topic_error{error_code::topic_already_exists,
                                              fmt::format("Topic '{}' already exists.", created->name)});
        }
        if (const topic_metadata* other = current.find_colliding(created->name)) {
            return sb::unexpected(topic_error{error_code::invalid_topic_exception,
                                              fmt::format("Topic '{}' collides with existing topic: {}", created->name,
                                                          other->name)});
        }
        assert(!current.find(created->id));
        return std::pair{current.with_topic(created), created};
    };
    auto writing = write(std::move(plan), fmt::format("Topic '{}'", created->name));
    auto result = co_await std::move(writing);
    if (result) {
        sb::logging::get("cluster")->info("created topic {} (id {}, {} partition(s), replication factor {})",
                                          created->name, created->id.to_string(), created->partition_count(),
                                          created->replication_factor());
    }
    co_return result;
}

boost::asio::awaitable<topic_table::change_result> topic_table::delete_topic(const protocol::uuid& id) {
    auto plan = [id](const topic_snapshot& current) -> planned_change {
        auto deleted = existing(current, id);
        if (!deleted) return sb::unexpected(std::move(deleted).error());
        return std::pair{current.without_topic(id), *deleted};
    };
    auto writing = write(std::move(plan), "Deleting topic " + topic_label(*snapshot(), id));
    auto result = co_await std::move(writing);
    if (result) sb::logging::get("cluster")->info("deleted topic {} (id {})", (*result)->name, id.to_string());
    co_return result;
}

boost::asio::awaitable<topic_table::change_result> topic_table::set_topic_configs(const protocol::uuid& id,
                                                                                  topic_configs configs) {
    auto plan = [id, configs = std::move(configs)](const topic_snapshot& current) -> planned_change {
        auto before = existing(current, id);
        if (!before) return sb::unexpected(std::move(before).error());
        topic_metadata changed = **before;
        changed.configs = configs;
        auto after = std::make_shared<const topic_metadata>(std::move(changed));
        return std::pair{current.with_replaced_topic(after), after};
    };
    auto writing = write(std::move(plan), "The configs of topic " + topic_label(*snapshot(), id));
    auto result = co_await std::move(writing);
    if (result) sb::logging::get("cluster")->info("changed the configs of topic {}", (*result)->name);
    co_return result;
}

boost::asio::awaitable<topic_table::change_result> topic_table::change_partitions(const protocol::uuid& id,
                                                                                  topic_change change) {
    auto plan = [id, change = std::move(change)](const topic_snapshot& current) -> planned_change {
        auto before = existing(current, id);
        if (!before) return sb::unexpected(std::move(before).error());
        auto changed = change(**before);
        if (!changed) return sb::unexpected(std::move(changed).error());
        assert(changed->id == id && changed->name == (*before)->name && changed->configs == (*before)->configs);
        auto after = std::make_shared<const topic_metadata>(std::move(*changed));
        return std::pair{current.with_replaced_topic(after), after};
    };
    auto writing = write(std::move(plan), "The partitions of topic " + topic_label(*snapshot(), id));
    auto result = co_await std::move(writing);
    if (result) {
        sb::logging::get("cluster")->info("topic {} now has {} partition(s)", (*result)->name, (*result)->partition_count());
    }
    co_return result;
}

}  // namespace sb::cluster

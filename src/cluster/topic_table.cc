#include "cluster/topic_table.h"

#include <cassert>
#include <fmt/format.h>

#include "base/logging.h"

namespace sb::cluster {

sb::result<std::shared_ptr<topic_table>> topic_table::open(std::unique_ptr<topic_store> store) {
    assert(store);
    auto loaded = store->load();
    if (!loaded) return sb::unexpected(loaded.error());
    std::vector<topic_snapshot::topic_ptr> topics;
    topics.reserve(loaded->size());
    for (auto& topic : *loaded) topics.push_back(std::make_shared<const topic_metadata>(std::move(topic)));
    auto initial = std::make_shared<const topic_snapshot>(std::move(topics), 0);
    sb::logging::get("cluster")->info("loaded {} topic(s)", initial->size());
    return std::shared_ptr<topic_table>(new topic_table(std::move(store), std::move(initial)));
}

topic_table::topic_table(std::unique_ptr<topic_store> store, std::shared_ptr<const topic_snapshot> initial)
    : store_(std::move(store)), current_(std::move(initial)) {}

void topic_table::assert_writer_thread() {
    std::thread::id unbound{};
    const std::thread::id self = std::this_thread::get_id();
    // The first writer binds the table; every later write must come from that thread.
    [[maybe_unused]] const bool bound_now = writer_thread_.compare_exchange_strong(unbound, self);
    assert(bound_now || unbound == self);
}

sb::status topic_table::persist_and_publish(topic_snapshot next) {
    if (auto saved = store_->save(next); !saved) return saved;
    current_.store(std::make_shared<const topic_snapshot>(std::move(next)), std::memory_order_release);
    return {};
}

sb::result<std::shared_ptr<const topic_metadata>, topic_error> topic_table::create_topic(topic_metadata topic) {
    assert_writer_thread();
    assert(!topic.id.is_nil() && !topic.replicas_by_partition.empty());
    const auto current = snapshot();
    if (current->find(topic.name)) {
        return sb::unexpected(topic_error{error_code::topic_already_exists,
                                          fmt::format("Topic '{}' already exists.", topic.name)});
    }
    if (const topic_metadata* other = current->find_colliding(topic.name)) {
        return sb::unexpected(topic_error{error_code::invalid_topic_exception,
                                          fmt::format("Topic '{}' collides with existing topic: {}", topic.name, other->name)});
    }
    assert(!current->find(topic.id));
    auto created = std::make_shared<const topic_metadata>(std::move(topic));
    if (!persist_and_publish(current->with_topic(created))) {
        return sb::unexpected(topic_error{error_code::kafka_storage_error,
                                          fmt::format("Topic '{}' could not be stored.", created->name)});
    }
    sb::logging::get("cluster")->info("created topic {} (id {}, {} partition(s), replication factor {})",
                                      created->name, created->id.to_string(), created->partition_count(),
                                      created->replication_factor());
    return created;
}

sb::result<std::shared_ptr<const topic_metadata>, topic_error> topic_table::delete_topic(const protocol::uuid& id) {
    assert_writer_thread();
    const auto current = snapshot();
    const topic_metadata* found = current->find(id);
    if (!found) {
        return sb::unexpected(topic_error{error_code::unknown_topic_id, std::string(error_message(error_code::unknown_topic_id))});
    }
    auto deleted = current->topics().find(found->name)->second;
    if (!persist_and_publish(current->without_topic(id))) {
        return sb::unexpected(topic_error{error_code::kafka_storage_error,
                                          fmt::format("Deleting topic '{}' could not be stored.", deleted->name)});
    }
    sb::logging::get("cluster")->info("deleted topic {} (id {})", deleted->name, deleted->id.to_string());
    return deleted;
}

}  // namespace sb::cluster

#pragma once
// topic_snapshot: an immutable view of every topic at one moment.
//
// Readers on any shard hold a std::shared_ptr<const topic_snapshot> for as long as they
// need a consistent view (one request); nothing in it ever changes, so no locks are
// needed. The writer (topic_table) builds a new snapshot for each change, sharing the
// unchanged topics' metadata with the previous one, and publishes it atomically.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cluster/topic_metadata.h"

namespace sb::cluster {

struct uuid_hash {
    std::size_t operator()(const protocol::uuid& id) const;
};

class topic_snapshot {
public:
    using topic_ptr = std::shared_ptr<const topic_metadata>;
    using topics_by_name = std::map<std::string, topic_ptr, std::less<>>;

    topic_snapshot() = default;  // no topics, version 0
    // Requires distinct names and distinct ids.
    topic_snapshot(std::vector<topic_ptr> topics, uint64_t version);

    // nullptr when absent.
    const topic_metadata* find(std::string_view name) const;
    const topic_metadata* find(const protocol::uuid& id) const;
    // Another topic (not `name` itself) whose name collides with `name` once '.' and '_'
    // are unified; nullptr when there is none.
    const topic_metadata* find_colliding(std::string_view name) const;

    // All topics, sorted by name.
    const topics_by_name& topics() const { return by_name_; }
    std::size_t size() const { return by_name_.size(); }
    // Increases by one with every published change; 0 for an empty table never written.
    uint64_t version() const { return version_; }

    // New snapshots for the writer: this one plus/minus a topic, at version + 1.
    topic_snapshot with_topic(topic_ptr topic) const;
    topic_snapshot without_topic(const protocol::uuid& id) const;
    // This one with `topic` in place of the topic that has its id (and name).
    topic_snapshot with_replaced_topic(topic_ptr topic) const;

private:
    std::vector<topic_ptr> all() const;

    topics_by_name by_name_;
    std::unordered_map<protocol::uuid, topic_ptr, uuid_hash> by_id_;
    // unify_topic_collision_chars(name) -> name, for names with '.' or '_'.
    std::map<std::string, std::string, std::less<>> by_unified_name_;
    uint64_t version_ = 0;
};

}  // namespace sb::cluster

#include "cluster/topic_snapshot.h"

#include <cassert>
#include <cstring>

#include "cluster/topic_name.h"

namespace sb::cluster {

std::size_t uuid_hash::operator()(const protocol::uuid& id) const {
    // Topic ids are random, so any 8 of their bytes are already a good hash.
    uint64_t h = 0;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    uint64_t l = 0;
    std::memcpy(&l, id.bytes.data() + sizeof h, sizeof l);
    return static_cast<std::size_t>(h ^ l);
}

topic_snapshot::topic_snapshot(std::vector<topic_ptr> topics, uint64_t version) : version_(version) {
    for (auto& topic : topics) {
        assert(topic && !topic->id.is_nil());
        if (topic_name_has_collision_chars(topic->name)) {
            by_unified_name_.emplace(unify_topic_collision_chars(topic->name), topic->name);
        }
        [[maybe_unused]] const bool new_id = by_id_.emplace(topic->id, topic).second;
        [[maybe_unused]] const bool new_name = by_name_.emplace(topic->name, std::move(topic)).second;
        assert(new_id && new_name);
    }
}

const topic_metadata* topic_snapshot::find(std::string_view name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second.get();
}

const topic_metadata* topic_snapshot::find(const protocol::uuid& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second.get();
}

const topic_metadata* topic_snapshot::find_colliding(std::string_view name) const {
    if (!topic_name_has_collision_chars(name)) return nullptr;
    auto it = by_unified_name_.find(unify_topic_collision_chars(name));
    if (it == by_unified_name_.end() || it->second == name) return nullptr;
    return find(it->second);
}

std::vector<topic_snapshot::topic_ptr> topic_snapshot::all() const {
    std::vector<topic_ptr> topics;
    topics.reserve(by_name_.size() + 1);
    for (const auto& [name, topic] : by_name_) topics.push_back(topic);
    return topics;
}

topic_snapshot topic_snapshot::with_topic(topic_ptr topic) const {
    assert(topic && !find(topic->name) && !find(topic->id));
    auto topics = all();
    topics.push_back(std::move(topic));
    return topic_snapshot(std::move(topics), version_ + 1);
}

topic_snapshot topic_snapshot::without_topic(const protocol::uuid& id) const {
    assert(find(id));
    auto topics = all();
    std::erase_if(topics, [&](const topic_ptr& t) { return t->id == id; });
    return topic_snapshot(std::move(topics), version_ + 1);
}

topic_snapshot topic_snapshot::with_replaced_topic(topic_ptr topic) const {
    assert(topic && find(topic->id) && find(topic->id)->name == topic->name);
    auto topics = all();
    for (auto& t : topics) {
        if (t->id == topic->id) t = topic;
    }
    return topic_snapshot(std::move(topics), version_ + 1);
}

}  // namespace sb::cluster

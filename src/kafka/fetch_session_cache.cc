#include "kafka/fetch_session_cache.h"

#include <algorithm>
#include <cassert>

namespace sb::kafka {
namespace {

constexpr int k_shard_bits = 10;  // smp is at most 1024
constexpr uint32_t k_shard_mask = (1u << k_shard_bits) - 1;

}  // namespace

session_partition* fetch_session::find(const cluster::partition_id& id) {
    auto it = std::find_if(partitions.begin(), partitions.end(), [&](const session_partition& p) { return p.id == id; });
    return it == partitions.end() ? nullptr : &*it;
}

void fetch_session::remove(const cluster::partition_id& id) {
    std::erase_if(partitions, [&](const session_partition& p) { return p.id == id; });
}

fetch_session_cache::fetch_session_cache(unsigned shard, std::size_t sessions_max, std::size_t partitions_max)
    : shard_(shard), sessions_max_(sessions_max), partitions_max_(partitions_max), random_(std::random_device{}()) {
    assert(shard <= k_shard_mask);
}

fetch_session* fetch_session_cache::find(int32_t session_id) {
    if ((static_cast<uint32_t>(session_id) & k_shard_mask) != shard_) return nullptr;
    auto it = sessions_.find(session_id);
    return it == sessions_.end() ? nullptr : &it->second;
}

int32_t fetch_session_cache::new_session_id() {
    for (;;) {
        // Positive, non-zero, ending in this shard's bits.
        const uint32_t high = random_() & (0x7fffffffu >> k_shard_bits);
        const auto id = static_cast<int32_t>((high << k_shard_bits) | shard_);
        if (id > 0 && !sessions_.contains(id)) return id;
    }
}

fetch_session* fetch_session_cache::create(std::vector<session_partition> partitions, bool uses_topic_ids,
                                           int64_t now_ms) {
    if (partitions.size() > partitions_max_ || sessions_max_ == 0) return nullptr;
    if (sessions_.size() >= sessions_max_) {
        auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
            return a.second.last_used_ms < b.second.last_used_ms;
        });
        if (now_ms - oldest->second.last_used_ms < k_session_eviction_idle_ms) return nullptr;
        sessions_.erase(oldest);
    }
    const int32_t id = new_session_id();
    fetch_session& s = sessions_[id];
    s.id = id;
    s.next_epoch = 1;
    s.uses_topic_ids = uses_topic_ids;
    s.partitions = std::move(partitions);
    s.last_used_ms = now_ms;
    assert(sessions_.size() <= sessions_max_);
    return &s;
}

void fetch_session_cache::remove(int32_t session_id) { sessions_.erase(session_id); }

}  // namespace sb::kafka

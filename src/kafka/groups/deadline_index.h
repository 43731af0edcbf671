#pragma once
// deadline_index: at most one deadline per key, and the earliest of them in O(log n).
// The coordinator keeps one for its groups and each group one for its members, so that a
// tick touches only what is due and a heartbeat costs a logarithm, not a scan.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace sb::kafka::groups {

template <class Key>
class deadline_index {
public:
    // Sets or, with nullopt, clears the deadline of `key`.
    void set(const Key& key, std::optional<int64_t> deadline_ms) {
        if (auto it = by_key_.find(key); it != by_key_.end()) {
            by_deadline_.erase({it->second, key});
            by_key_.erase(it);
        }
        if (!deadline_ms) return;
        by_key_.emplace(key, *deadline_ms);
        by_deadline_.emplace(*deadline_ms, key);
    }

    std::optional<int64_t> earliest_ms() const {
        if (by_deadline_.empty()) return std::nullopt;
        return by_deadline_.begin()->first;
    }

    // The key with the earliest deadline if that deadline is at or before now_ms.
    std::optional<Key> due(int64_t now_ms) const {
        if (by_deadline_.empty() || by_deadline_.begin()->first > now_ms) return std::nullopt;
        return by_deadline_.begin()->second;
    }

    std::size_t size() const { return by_key_.size(); }

private:
    std::set<std::pair<int64_t, Key>> by_deadline_;
    std::map<Key, int64_t> by_key_;
};

}  // namespace sb::kafka::groups

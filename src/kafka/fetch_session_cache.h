#pragma once
// Incremental fetch sessions (KIP-227), one cache per shard.
//
// A consumer that fetches many partitions sends the full list once (session id 0, epoch
// 0) and gets a session id; later fetches (that id, epoch 1, 2, ...) name only the
// partitions whose fetch position or limits changed, and the answer names only the
// partitions that have something new: records, an error, or a changed high watermark,
// last stable offset or log start offset. Epoch -1 closes a session.
//
// Session ids carry the shard that made them in their low 10 bits, so a client that
// reconnects to another shard gets FETCH_SESSION_ID_NOT_FOUND (and starts a new session)
// instead of meeting another client's session. Bounded: at most `sessions_max` sessions
// (the least recently used one is evicted once idle for k_session_eviction_idle_ms; if
// none is, the client gets a sessionless fetch) of at most `partitions_max` partitions.
//
// Owned by one shard; not thread-safe.

#include <cstdint>
#include <list>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/partition_id.h"

namespace sb::kafka {

// Kafka's FetchSessionCache evicts sessions idle for this long first.
constexpr int64_t k_session_eviction_idle_ms = 120000;

struct session_partition {
    cluster::partition_id id;
    std::string topic;  // name, for responses before v13
    int64_t fetch_offset = 0;
    int32_t partition_max_bytes = 0;
    int32_t current_leader_epoch = -1;
    // What the last response told the client (-1: nothing yet), to decide whether the
    // partition goes into the next incremental response.
    int64_t high_watermark = -1;
    int64_t last_stable_offset = -1;
    int64_t log_start_offset = -1;
};

struct fetch_session {
    int32_t id = 0;
    int32_t next_epoch = 1;  // the epoch the next incremental fetch must carry
    bool uses_topic_ids = false;
    // In fetch order; partitions that returned records move to the end (fairness).
    std::vector<session_partition> partitions;
    int64_t last_used_ms = 0;

    session_partition* find(const cluster::partition_id& id);
    void remove(const cluster::partition_id& id);
};

class fetch_session_cache {
public:
    fetch_session_cache(unsigned shard, std::size_t sessions_max, std::size_t partitions_max);

    // nullptr when there is no such session on this shard.
    fetch_session* find(int32_t session_id);
    // A new session holding `partitions`; nullptr when the cache is full of sessions used
    // in the last k_session_eviction_idle_ms, or there are too many partitions.
    fetch_session* create(std::vector<session_partition> partitions, bool uses_topic_ids, int64_t now_ms);
    void remove(int32_t session_id);
    std::size_t size() const { return sessions_.size(); }
    std::size_t partitions_max() const { return partitions_max_; }

private:
    int32_t new_session_id();

    unsigned shard_;
    std::size_t sessions_max_;
    std::size_t partitions_max_;
    std::unordered_map<int32_t, fetch_session> sessions_;
    std::mt19937 random_;
};

}  // namespace sb::kafka

#pragma once
// The limits of the Kafka data path, per shard (setting names in the comments). Every
// queue of waiting requests has one.

#include <cstddef>
#include <cstdint>

namespace sb::kafka {

struct data_path_limits {
    // Fetches waiting for data (max.wait.ms/min.bytes) per shard; a fetch beyond it is
    // answered at once with what there is (fetch.delayed.max.requests).
    std::size_t delayed_fetches_max = 10000;
    // acks=all produces waiting for fsync per shard; one beyond it is answered
    // REQUEST_TIMED_OUT before anything is appended, so a retry is safe
    // (produce.delayed.max.requests).
    std::size_t delayed_produces_max = 10000;
    // Incremental fetch sessions (KIP-227) cached per shard; a client that asks for one
    // beyond it gets a sessionless full fetch (max.incremental.fetch.session.cache.slots).
    std::size_t fetch_sessions_max = 1000;
    // Partitions in one fetch session (our own guard).
    std::size_t fetch_session_partitions_max = 10000;
    // Longest max.wait.ms honoured (fetch.max.wait.ms.limit).
    int32_t fetch_wait_max_ms = 30000;
};

}  // namespace sb::kafka

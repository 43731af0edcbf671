#pragma once
// Idempotent producers of one partition (Kafka's ProducerStateManager, for producers
// without transactions): for each producer id, its epoch and the last five batches it
// appended, so that
//  - a retry of one of those batches is recognised and answered with the offsets it got
//    the first time (nothing is appended again);
//  - a batch whose sequence does not follow the last one is refused with
//    OUT_OF_ORDER_SEQUENCE_NUMBER, and a batch from an older epoch with
//    INVALID_PRODUCER_EPOCH.
// Kafka's rules, from its ProducerAppendInfo: a producer the partition knows nothing
// about (new, or expired) may start at any sequence
// (KIP-360), so Produce never answers UNKNOWN_PRODUCER_ID; a new epoch must start at
// sequence 0; sequences wrap from INT32_MAX to 0.
//
// Bounded: at most `max_producers` entries (the least recently used one is forgotten
// first) and entries idle for producer.id.expiration.ms are dropped by expire().
//
// Owned by the partition's shard; not thread-safe. Pure: no I/O, time is passed in.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error_code.h"
#include "base/result.h"

namespace sb::cluster {

// Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN: the producer's max.in.flight.
constexpr std::size_t k_producer_batches_retained = 5;

struct producer_batch {
    int32_t first_sequence = 0;
    int32_t last_sequence = 0;
    int64_t first_offset = 0;
    int64_t last_offset = 0;
    int64_t max_timestamp_ms = -1;

    friend bool operator==(const producer_batch&, const producer_batch&) = default;
};

struct producer_entry {
    int16_t epoch = -1;
    std::deque<producer_batch> batches;  // oldest first, at most k_producer_batches_retained
    int64_t last_update_ms = 0;

    friend bool operator==(const producer_entry&, const producer_entry&) = default;
};

struct sequence_error {
    error_code code = error_code::none;
    std::string message;
};

// The sequence of the last record of a batch: base + lastOffsetDelta, wrapping past INT32_MAX.
int32_t last_sequence_of(int32_t base_sequence, int32_t last_offset_delta);

class producer_state {
public:
    explicit producer_state(std::size_t max_producers) : max_producers_(max_producers) {}

    // Checks a batch of producer `producer_id` before it is appended. A value holding a
    // batch: it is a retry of that already appended batch. An empty value: append it.
    sb::result<std::optional<producer_batch>, sequence_error> check(int64_t producer_id, int16_t epoch,
                                                                    int32_t first_sequence,
                                                                    int32_t last_sequence) const;

    // Records an appended batch (after check(), or while replaying the log).
    void record(int64_t producer_id, int16_t epoch, const producer_batch& batch, int64_t now_ms);

    // Forgets producers idle for longer than `expiration_ms`. Returns how many. Producers
    // whose batches retention or DeleteRecords removed are kept, as in Kafka since
    // KIP-360 (its ProducerStateManager no longer drops them when the log start offset
    // moves): their retries are still recognised, and forgetting them would only make
    // the partition accept their next batch at any sequence.
    std::size_t expire(int64_t now_ms, int64_t expiration_ms);

    const std::unordered_map<int64_t, producer_entry>& entries() const { return entries_; }
    void restore(std::unordered_map<int64_t, producer_entry> entries) { entries_ = std::move(entries); }
    std::size_t size() const { return entries_.size(); }

private:
    void evict_least_recently_used();

    std::size_t max_producers_;
    std::unordered_map<int64_t, producer_entry> entries_;
};

}  // namespace sb::cluster

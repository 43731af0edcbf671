// Idempotent producer state: Kafka's sequence and epoch rules, the five-batch window,
// duplicates, expiry, the producer cap, and the snapshot file's round trip.
#include <gtest/gtest.h>

#include "cluster/producer_snapshot.h"
#include "cluster/producer_state.h"
#include "temp_dir.h"

namespace sb::cluster {
namespace {

constexpr int64_t k_pid = 4000;

producer_batch batch_at(int32_t first_seq, int32_t last_seq, int64_t first_offset) {
    return producer_batch{first_seq, last_seq, first_offset, first_offset + (last_seq - first_seq), 1000 + first_offset};
}

error_code error_of(const sb::result<std::optional<producer_batch>, sequence_error>& r) {
    return r ? error_code::none : r.error().code;
}

TEST(producer_state, unknown_producers_may_start_at_any_sequence) {
    producer_state s(10);
    EXPECT_EQ(s.check(k_pid, 0, 0, 4).value(), std::nullopt);
    EXPECT_EQ(s.check(k_pid, 3, 1234, 1234).value(), std::nullopt);
}

TEST(producer_state, sequences_must_follow_and_retries_are_found) {
    producer_state s(10);
    s.record(k_pid, 0, batch_at(0, 2, 0), 1);
    EXPECT_EQ(s.check(k_pid, 0, 3, 3).value(), std::nullopt);
    EXPECT_EQ(error_of(s.check(k_pid, 0, 4, 4)), error_code::out_of_order_sequence_number);
    EXPECT_EQ(error_of(s.check(k_pid, 0, 2, 2)), error_code::out_of_order_sequence_number);
    EXPECT_EQ(s.check(k_pid, 0, 0, 2).value(), std::optional(batch_at(0, 2, 0)));
    // Same first sequence but another length is not the same batch.
    EXPECT_EQ(error_of(s.check(k_pid, 0, 0, 1)), error_code::out_of_order_sequence_number);
}

TEST(producer_state, five_batches_are_remembered) {
    producer_state s(10);
    for (int32_t i = 0; i < 6; ++i) s.record(k_pid, 0, batch_at(i, i, i), i);
    EXPECT_EQ(s.entries().at(k_pid).batches.size(), k_producer_batches_retained);
    EXPECT_EQ(s.check(k_pid, 0, 1, 1).value(), std::optional(batch_at(1, 1, 1)));
    EXPECT_EQ(error_of(s.check(k_pid, 0, 0, 0)), error_code::out_of_order_sequence_number);
}

TEST(producer_state, epochs_fence_older_ones_and_start_new_ones_at_zero) {
    producer_state s(10);
    s.record(k_pid, 2, batch_at(0, 0, 0), 1);
    EXPECT_EQ(error_of(s.check(k_pid, 1, 1, 1)), error_code::invalid_producer_epoch);
    EXPECT_EQ(error_of(s.check(k_pid, 3, 1, 1)), error_code::out_of_order_sequence_number);
    EXPECT_EQ(s.check(k_pid, 3, 0, 0).value(), std::nullopt);
    s.record(k_pid, 3, batch_at(0, 0, 1), 2);
    EXPECT_EQ(s.entries().at(k_pid).epoch, 3);
    EXPECT_EQ(s.entries().at(k_pid).batches.size(), 1u);  // the old epoch's batches are gone
    // A retry of the old epoch's batch is no longer a duplicate: it is fenced.
    EXPECT_EQ(error_of(s.check(k_pid, 2, 0, 0)), error_code::invalid_producer_epoch);
}

TEST(producer_state, sequences_wrap_after_int32_max) {
    EXPECT_EQ(last_sequence_of(INT32_MAX - 1, 1), INT32_MAX);
    EXPECT_EQ(last_sequence_of(INT32_MAX, 1), 0);
    EXPECT_EQ(last_sequence_of(INT32_MAX - 1, 3), 1);
    producer_state s(10);
    s.record(k_pid, 0, batch_at(INT32_MAX - 1, INT32_MAX, 0), 1);
    EXPECT_EQ(s.check(k_pid, 0, 0, 4).value(), std::nullopt);
}

TEST(producer_state, expiry_and_the_cap_forget_the_least_recent) {
    producer_state s(2);
    s.record(1, 0, batch_at(0, 0, 0), 100);
    s.record(2, 0, batch_at(0, 0, 1), 200);
    s.record(3, 0, batch_at(0, 0, 2), 300);  // evicts producer 1
    EXPECT_EQ(s.size(), 2u);
    EXPECT_FALSE(s.entries().contains(1));
    EXPECT_EQ(s.expire(1250, 1000), 1u);  // producer 2 idle for 1050 ms
    EXPECT_TRUE(s.entries().contains(3));
    EXPECT_EQ(s.expire(1300, 1000), 0u);  // idle for exactly 1000 ms: kept
    EXPECT_EQ(s.expire(1301, 1000), 1u);
    EXPECT_EQ(s.size(), 0u);
}

// As Kafka since KIP-360: a producer is remembered after retention or DeleteRecords
// removed all its batches, so that its retries are still recognised and its next batch
// still has to follow its last one.
TEST(producer_state, a_producer_outlives_its_batches_in_the_log) {
    producer_state s(10);
    s.record(k_pid, 2, batch_at(0, 4, 100), 1000);
    EXPECT_EQ(s.expire(2000, 1'000'000), 0u);
    EXPECT_EQ(s.check(k_pid, 2, 0, 4).value(), batch_at(0, 4, 100));  // a retry: the original offsets
    EXPECT_EQ(s.check(k_pid, 2, 6, 6).error().code, sb::error_code::out_of_order_sequence_number);
    EXPECT_EQ(s.check(k_pid, 2, 5, 5).value(), std::nullopt);
}

TEST(producer_snapshot, round_trip_and_damage_is_detected) {
    producer_snapshot snapshot;
    snapshot.log_end_offset = 77;
    snapshot.max_timestamp_ms = 1'700'000'000'123;
    snapshot.max_timestamp_offset = 70;
    producer_entry e;
    e.epoch = 4;
    e.last_update_ms = 99;
    e.batches = {batch_at(0, 4, 10), batch_at(5, 5, 15)};
    snapshot.producers[k_pid] = e;
    snapshot.producers[k_pid + 1] = producer_entry{0, {}, 5};
    const std::string bytes = encode_producer_snapshot(snapshot);
    EXPECT_EQ(decode_producer_snapshot(bytes).value(), snapshot);
    for (std::size_t i = 0; i < bytes.size(); i += 7) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
        EXPECT_FALSE(decode_producer_snapshot(damaged).has_value()) << i;
    }
    EXPECT_FALSE(decode_producer_snapshot(bytes.substr(0, bytes.size() - 1)).has_value());

    testing::temp_dir dir;
    EXPECT_EQ(load_producer_snapshot(dir.path()), std::nullopt);
    ASSERT_TRUE(save_producer_snapshot(dir.path(), snapshot).has_value());
    EXPECT_EQ(load_producer_snapshot(dir.path()), std::optional(snapshot));
}

}  // namespace
}  // namespace sb::cluster

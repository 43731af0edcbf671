// The small pieces under the node: configurations and their encoding, the configuration
// history, the in-flight window and a follower's progress, majority arithmetic.

#include <gtest/gtest.h>

#include "raft/configuration.h"
#include "raft/configuration_history.h"
#include "raft/progress.h"
#include "raft/quorum.h"
#include "raft_test_support.h"

namespace sb::raft {
namespace {

using testing::voters;

TEST(Configuration, ChangesOneServerAtATime) {
    const configuration three = voters({1, 2, 3});
    result<configuration> with_learner = apply_change(three, {change_kind::add_learner, 4});
    ASSERT_TRUE(with_learner);
    EXPECT_EQ(with_learner->learners, (std::vector<node_id>{4}));
    result<configuration> promoted = apply_change(*with_learner, {change_kind::promote_learner, 4});
    ASSERT_TRUE(promoted);
    EXPECT_EQ(*promoted, voters({1, 2, 3, 4}));
    EXPECT_EQ(promoted->quorum(), 3u);
    result<configuration> removed = apply_change(*promoted, {change_kind::remove_member, 2});
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, voters({1, 3, 4}));
    EXPECT_FALSE(apply_change(voters({1}), {change_kind::remove_member, 1}));
    EXPECT_FALSE(apply_change(three, {change_kind::add_learner, 2}));
}

TEST(Configuration, EncodingRoundTripsAndRejectsCorruption) {
    configuration c = voters({1, 5, 900000});
    c.learners = {7};
    sb::iobuf encoded = encode_configuration(c);
    result<configuration> decoded = decode_configuration(encoded);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, c);
    std::vector<uint8_t> raw = encoded.linearize();
    EXPECT_FALSE(decode_configuration(sb::iobuf::copy_of(std::span(raw).first(raw.size() - 1))));
    raw[0] = 9;  // unknown version
    EXPECT_FALSE(decode_configuration(sb::iobuf::copy_of(raw)));
    const std::vector<uint8_t> learner_is_voter{1, 1, 1, 0, 0, 0, 3, 0, 0, 0, 3};
    EXPECT_FALSE(decode_configuration(sb::iobuf::copy_of(learner_is_voter)));
}

TEST(ConfigurationHistory, TruncationRestoresTheOlderConfiguration) {
    configuration_history h({0, voters({1, 2, 3})});
    h.append({5, voters({1, 2, 3, 4})});
    h.append({9, voters({1, 2, 4})});
    EXPECT_EQ(h.at(4), voters({1, 2, 3}));
    EXPECT_EQ(h.at(7), voters({1, 2, 3, 4}));
    h.truncate_from(9);
    EXPECT_EQ(h.latest().config, voters({1, 2, 3, 4}));
    h.compact_to(6);  // index 0 is superseded by 5
    EXPECT_EQ(h.size(), 1u);
    EXPECT_EQ(h.at(6), voters({1, 2, 3, 4}));
}

TEST(InflightWindow, BoundsRequestsAndBytes) {
    inflight_window w(3, 100);
    w.add(1, 60);
    EXPECT_FALSE(w.full());
    w.add(2, 60);
    EXPECT_TRUE(w.full());  // 120 bytes
    w.free_up_to(1);
    EXPECT_FALSE(w.full());
    EXPECT_EQ(w.bytes(), 60u);
    w.add(3, 1);
    w.add(4, 1);
    EXPECT_TRUE(w.full());  // 3 requests
    w.free_oldest();
    EXPECT_EQ(w.requests(), 2u);
    inflight_window big(3, 100);
    big.add(1, 500);  // one oversized request is allowed when nothing is in flight
    EXPECT_TRUE(big.full());
}

TEST(Progress, ProbeWaitsForAnswersAndIgnoresStaleRejections) {
    progress p(11, 4, 1000);
    p.sent(10, 0);
    EXPECT_TRUE(p.paused());
    EXPECT_FALSE(p.back_off(7, 5));  // answers an older probe
    EXPECT_TRUE(p.back_off(10, 6));
    EXPECT_EQ(p.next_index, 6);
    EXPECT_FALSE(p.paused());
    EXPECT_TRUE(p.acknowledge(8));
    p.become_replicate();
    EXPECT_EQ(p.next_index, 9);
    p.sent(12, 100);
    EXPECT_EQ(p.next_index, 13);
    EXPECT_FALSE(p.back_off(8, 1));  // at or below match: an old duplicate
    EXPECT_TRUE(p.back_off(12, 11));
    EXPECT_EQ(p.mode, replication_mode::probe);
    EXPECT_EQ(p.next_index, 11);
}

TEST(Quorum, MajorityValueAndTally) {
    std::vector<log_index> matches{5, 9, 7, 1, 3};
    EXPECT_EQ(quorum_value(matches, 3), 5);
    std::vector<log_index> pair{4, 8};
    EXPECT_EQ(quorum_value(pair, 2), 4);
    EXPECT_EQ(tally(5, 3, 0), vote_outcome::won);
    EXPECT_EQ(tally(5, 2, 2), vote_outcome::pending);
    EXPECT_EQ(tally(5, 2, 3), vote_outcome::lost);
    EXPECT_EQ(tally(4, 2, 1), vote_outcome::pending);
}

}  // namespace
}  // namespace sb::raft

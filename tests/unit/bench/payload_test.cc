#include "loadgen/core/payload.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sb::loadgen {
namespace {

TEST(Payload, TemplateHasTheSizeAndHalfOfItRandom) {
    auto p = make_payload_template(1024, 0.5, 1);
    ASSERT_EQ(p.size(), 1024u);
    // Bytes 8..515 are random, 516..1023 repeat one sentence.
    const std::string text(p.begin() + 516, p.end());
    EXPECT_TRUE(text.starts_with("streambus load generator compressible payload. ")) << text.substr(0, 60);
    EXPECT_NE(make_payload_template(1024, 0.5, 2), p);  // another producer, other random bytes
    EXPECT_EQ(make_payload_template(1024, 0.5, 1), p);  // the same seed, the same bytes
}

TEST(Payload, SendTimeRoundTrips) {
    auto p = make_payload_template(64, 0.5, 1);
    for (int64_t t : {int64_t{0}, int64_t{1}, int64_t{1'700'000'000'123'456'789}, INT64_MAX}) {
        stamp_send_time(p, t);
        EXPECT_EQ(read_send_time(p), t);
    }
    EXPECT_EQ(p.size(), 64u);
    const uint8_t short_payload[7] = {};
    EXPECT_EQ(read_send_time(short_payload), std::nullopt);
}

TEST(Payload, NoKeyGivesNull) {
    key_generator g(key_distributor::no_key, 1);
    EXPECT_EQ(g.next(), std::nullopt);
}

TEST(Payload, RoundRobinKeysCycleThroughAThousand) {
    key_generator g(key_distributor::key_round_robin, 998);
    EXPECT_EQ(g.next(), "key-0998");
    EXPECT_EQ(g.next(), "key-0999");
    EXPECT_EQ(g.next(), "key-0000");
    std::set<std::string> seen;
    for (int i = 0; i < 2 * key_generator::k_round_robin_keys; ++i) seen.insert(std::string(*g.next()));
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(key_generator::k_round_robin_keys));
}

TEST(Payload, RandomKeysDiffer) {
    key_generator g(key_distributor::random_nano, 5);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(std::string(*g.next()));
    EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace sb::loadgen

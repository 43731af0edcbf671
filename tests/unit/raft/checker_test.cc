// Each checker invariant, fed crafted events that break it (and events that do not).

#include <gtest/gtest.h>

#include "raft_test_support.h"
#include "sim/checker.h"
#include "sim/state_hash.h"

namespace sb::raft::sim {
namespace {

using testing::data_entry;

uint64_t chain_of(const std::vector<entry>& entries) {
    uint64_t chain = 0;
    for (const entry& e : entries) chain = chain_next(chain, e);
    return chain;
}

TEST(Checker, ElectionSafety) {
    checker c(3);
    c.on_leader(1, 2);
    c.on_leader(1, 2);  // the same leader again is fine
    c.on_leader(2, 3);
    EXPECT_FALSE(c.failed());
    c.on_leader(3, 2);
    ASSERT_TRUE(c.failed());
    EXPECT_EQ(c.violation(), "election safety: nodes 1 and 3 are both leaders of term 2");
}

TEST(Checker, LogMatching) {
    checker c(3);
    c.on_entries_written(1, {data_entry(1, 1, "a"), data_entry(2, 2, "b")});
    c.on_entries_written(2, {data_entry(1, 1, "a"), data_entry(2, 2, "b")});
    c.on_entries_written(2, {data_entry(2, 3, "c")});  // replaced, other term: fine
    EXPECT_FALSE(c.failed());
    c.on_entries_written(3, {data_entry(1, 1, "x"), data_entry(2, 2, "b")});
    ASSERT_TRUE(c.failed());
    EXPECT_EQ(c.violation().rfind("log matching: node 3", 0), 0u) << c.violation();
}

TEST(Checker, StateMachineSafety) {
    checker c(2);
    const uint64_t a = chain_of({data_entry(1, 1, "a")});
    const uint64_t b = chain_of({data_entry(1, 1, "b")});
    c.on_applied(1, 1, a, 1);
    c.on_applied(2, 1, a, 1);
    EXPECT_FALSE(c.failed());
    c.on_applied(2, 1, b, 2);
    ASSERT_TRUE(c.failed());
    EXPECT_EQ(c.violation().rfind("state machine safety: node 2", 0), 0u) << c.violation();
}

TEST(Checker, LeaderCompleteness) {
    checker c(3);
    const std::vector<entry> committed{data_entry(1, 1, "a"), data_entry(2, 1, "b")};
    c.on_entries_written(1, committed);
    c.on_applied(1, 2, chain_of(committed), 1);
    c.on_entries_written(2, {data_entry(1, 1, "a")});
    c.on_leader(2, 1);  // a leader of the same term may lag: not a violation
    EXPECT_FALSE(c.failed());
    c.on_entries_written(3, committed);
    c.on_leader(3, 2);
    EXPECT_FALSE(c.failed());
    c.on_leader(2, 3);
    ASSERT_TRUE(c.failed());
    EXPECT_EQ(c.violation(),
              "leader completeness: node 2 leads term 3 without the entry committed at index 2");
}

TEST(Checker, ReadLinearizability) {
    checker c(1);
    c.on_applied(1, 4, 99, 1);
    const log_index floor = c.read_floor();
    EXPECT_EQ(floor, 4);
    c.on_read_result(1, 4, floor);
    EXPECT_FALSE(c.failed());
    c.on_read_result(1, 3, floor);
    EXPECT_TRUE(c.failed());
}

}  // namespace
}  // namespace sb::raft::sim

#include "kafka/groups/group_state.h"

#include <gtest/gtest.h>

#include <array>

namespace sb::kafka::groups {
namespace {

constexpr std::array k_states = {group_state::empty, group_state::preparing_rebalance, group_state::completing_rebalance,
                                 group_state::stable, group_state::dead};

TEST(group_state, names_are_kafkas) {
    EXPECT_EQ(state_name(group_state::empty), "Empty");
    EXPECT_EQ(state_name(group_state::preparing_rebalance), "PreparingRebalance");
    EXPECT_EQ(state_name(group_state::completing_rebalance), "CompletingRebalance");
    EXPECT_EQ(state_name(group_state::stable), "Stable");
    EXPECT_EQ(state_name(group_state::dead), "Dead");
}

TEST(group_state, parse_ignores_case_and_refuses_other_text) {
    for (group_state s : k_states) EXPECT_EQ(parse_state(state_name(s)), s);
    EXPECT_EQ(parse_state("stable"), group_state::stable);
    EXPECT_EQ(parse_state("PREPARINGREBALANCE"), group_state::preparing_rebalance);
    EXPECT_EQ(parse_state("Stabl"), std::nullopt);
    EXPECT_EQ(parse_state(""), std::nullopt);
    EXPECT_EQ(parse_state("AwaitingSync"), std::nullopt);
}

TEST(group_state, exactly_the_documented_transitions_are_valid) {
    using enum group_state;
    const std::set<std::pair<group_state, group_state>> valid = {
        {empty, preparing_rebalance},          {preparing_rebalance, empty},
        {preparing_rebalance, completing_rebalance}, {completing_rebalance, preparing_rebalance},
        {completing_rebalance, stable},        {stable, preparing_rebalance},
        {empty, dead},
    };
    for (group_state from : k_states) {
        for (group_state to : k_states) {
            EXPECT_EQ(is_valid_transition(from, to), valid.contains({from, to}))
                << state_name(from) << " -> " << state_name(to);
        }
    }
}

}  // namespace
}  // namespace sb::kafka::groups

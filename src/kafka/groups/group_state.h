#pragma once
// The five states of a classic consumer group, as Kafka names them (ListGroups and
// DescribeGroups send these names), and which moves between them are legal.
//
//                 first JoinGroup
//   Empty ─────────────────────────────► PreparingRebalance ◄──────────────┐
//     ▲  ▲                                  │        ▲   │                  │ a member joins,
//     │  └──── join phase ends, no members ─┘        │   │ join phase ends  │ leaves, expires
//     │                                              │   ▼ with members     │ or changes
//     │                            member changes ── CompletingRebalance    │ metadata
//     │                                                  │ leader's SyncGroup
//     │                                                  ▼ is durable       │
//     │                                               Stable ───────────────┘
//     └─► Dead: an Empty group deleted (DeleteGroups) or whose offsets all expired.
//
// Dead is final: the group is gone from the coordinator, and DescribeGroups reports an
// unknown group as Dead, as Kafka does.

#include <optional>
#include <string_view>

namespace sb::kafka::groups {

enum class group_state { empty, preparing_rebalance, completing_rebalance, stable, dead };

// "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead".
std::string_view state_name(group_state state);
// The state with this name, ignoring case (ListGroups filters); nullopt for any other text.
std::optional<group_state> parse_state(std::string_view name);
// Whether a group may move from `from` to `to` (the arrows above).
bool is_valid_transition(group_state from, group_state to);

}  // namespace sb::kafka::groups

#include "kafka/groups/group_state.h"

#include <array>
#include <cctype>

namespace sb::kafka::groups {
namespace {

constexpr std::array k_all_states = {group_state::empty, group_state::preparing_rebalance,
                                     group_state::completing_rebalance, group_state::stable, group_state::dead};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower_a = std::tolower(static_cast<unsigned char>(a[i]));
        const auto lower_b = std::tolower(static_cast<unsigned char>(b[i]));
        if (lower_a != lower_b) return false;
    }
    return true;
}

}  // namespace

std::string_view state_name(group_state state) {
    switch (state) {
        case group_state::empty: return "Empty";
        case group_state::preparing_rebalance: return "PreparingRebalance";
        case group_state::completing_rebalance: return "CompletingRebalance";
        case group_state::stable: return "Stable";
        case group_state::dead: return "Dead";
    }
    return "Unknown";
}

std::optional<group_state> parse_state(std::string_view name) {
    for (group_state state : k_all_states) {
        if (equal_ignoring_case(name, state_name(state))) return state;
    }
    return std::nullopt;
}

bool is_valid_transition(group_state from, group_state to) {
    switch (to) {
        case group_state::empty: return from == group_state::preparing_rebalance;
        case group_state::preparing_rebalance:
            return from == group_state::empty || from == group_state::completing_rebalance ||
                   from == group_state::stable;
        case group_state::completing_rebalance: return from == group_state::preparing_rebalance;
        case group_state::stable: return from == group_state::completing_rebalance;
        case group_state::dead: return from == group_state::empty;
    }
    return false;
}

}  // namespace sb::kafka::groups

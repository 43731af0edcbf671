#pragma once
// Majority arithmetic over the voters of a configuration.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <functional>
#include <vector>

namespace sb::raft {

// The largest value that at least `quorum` of `values` reach: the commit index when the
// values are match indexes, the confirmed ReadIndex sequence when they are echoed
// sequences. Sorts `values` in place.
template <class T>
T quorum_value(std::vector<T>& values, std::size_t quorum) {
    assert(quorum >= 1);
    if (values.size() < quorum) return T{};
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(quorum - 1),
                     values.end(), std::greater<T>());
    return values[quorum - 1];
}

enum class vote_outcome { pending, won, lost };

// A campaign is won once `granted` voters agree and lost once so many refused that the
// rest can no longer make a majority.
inline vote_outcome tally(std::size_t voters, std::size_t granted, std::size_t rejected) {
    assert(granted + rejected <= voters);
    const std::size_t quorum = voters / 2 + 1;
    if (granted >= quorum) return vote_outcome::won;
    if (voters - rejected < quorum) return vote_outcome::lost;
    return vote_outcome::pending;
}

}  // namespace sb::raft

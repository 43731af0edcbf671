#pragma once
// The simulator's only source of randomness: every choice of a run comes from one seeded
// generator, so a seed replays the same run exactly.

#include <cassert>
#include <cstdint>

namespace sb::raft::sim {

class sim_random {
public:
    explicit sim_random(uint64_t seed) : state_(seed) {}

    uint64_t next() {  // splitmix64
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound).
    uint64_t below(uint64_t bound) {
        assert(bound > 0);
        return next() % bound;
    }
    // Uniform in [low, high].
    int64_t between(int64_t low, int64_t high) {
        assert(low <= high);
        return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low) + 1));
    }
    // True with probability permille / 1000.
    bool chance(uint32_t permille) { return below(1000) < permille; }

private:
    uint64_t state_;
};

}  // namespace sb::raft::sim

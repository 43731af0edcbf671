#pragma once
// The shard (event-loop thread) the calling code runs on. Set once by each shard thread
// at start; other threads (thread pools, main) report k_no_shard.

#include <cstdint>

namespace sb {

inline constexpr unsigned k_no_shard = ~0u;

namespace detail {
inline thread_local unsigned current_shard = k_no_shard;
}

inline unsigned this_shard() { return detail::current_shard; }
inline void set_this_shard(unsigned shard) { detail::current_shard = shard; }

}  // namespace sb

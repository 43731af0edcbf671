#pragma once
// Rebuilding a partition's producer state (and largest timestamp) at start-up from the
// batches stored after its last producer snapshot. Only batch headers are read: the file
// parts on the blocking pool, the in-memory tail directly.

#include <cstdint>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "cluster/partition.h"
#include "storage/blocking_executor.h"

namespace sb::cluster {

// On the partition's owner shard, before the partition is served. Replays every batch
// from `from_offset` (raised to the log start) to the log end; each replayed producer
// counts as used at `now_ms` (the broker's wall clock).
boost::asio::awaitable<sb::status> replay_producer_state(partition& p, int64_t from_offset,
                                                         storage::blocking_executor& blocking, int64_t now_ms);

}  // namespace sb::cluster

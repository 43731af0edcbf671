#pragma once
// The request-wide max_bytes of a Fetch, applied after the owner shards read their
// partitions with their own share of it (fetch_read.h): walking the partitions in
// response order, the first one with data keeps it even if it is larger than the limit
// (Kafka's "min one" rule); each later one keeps its batches only if they fit in what is
// left, else returns none this time. So a response never exceeds max_bytes except by
// that one first batch, as in Kafka.

#include <cstdint>
#include <vector>

#include "kafka/fetch_read.h"

namespace sb::kafka {

// Returns the bytes of records kept.
uint64_t apply_fetch_budget(std::vector<fetch_item>& items, int64_t max_bytes);

}  // namespace sb::kafka

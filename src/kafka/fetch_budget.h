#pragma once
// The request-wide max_bytes of a Fetch. The owner shards first read their partitions at
// once, each shard with the whole max_bytes for its own partitions (fetch_read.h). Then,
// walking the partitions in response order: the first one with data keeps it even if it
// is larger than the limit (Kafka's "min one" rule); each later one keeps its batches if
// they fit in what is left, and otherwise is read again, on its owner, with exactly what
// is left - so the answer is what Kafka's one-partition-after-the-other read gives, and
// the common case (everything fits) costs one parallel round.

#include <cstdint>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "kafka/broker_services.h"
#include "kafka/fetch_read.h"

namespace sb::kafka {

// Returns the bytes of records kept.
boost::asio::awaitable<uint64_t> apply_fetch_budget(broker_services& services, std::vector<fetch_item>& items,
                                                     int64_t max_bytes);

}  // namespace sb::kafka

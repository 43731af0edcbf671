#pragma once
// auto.create.topics.enable: a request that names a topic that does not exist creates it
// with num.partitions and default.replication.factor (Kafka creates on Metadata; we also
// create on Produce). Names that are not legal topic names are never created, nor is
// __consumer_offsets (kafka/group_service.h creates it with its own settings).

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cluster/topic_snapshot.h"
#include "kafka/request_context.h"

namespace sb::kafka {

// The topics as the request should see them: when auto-creation is on (and `allowed`,
// Metadata's allow_auto_topic_creation), every missing legal name in `names` is created
// first, on the controller shard. Returns the snapshot taken after that.
boost::asio::awaitable<std::shared_ptr<const cluster::topic_snapshot>> topics_for_request(
    const request_context& ctx, const std::vector<std::string>& names, bool allowed = true);

}  // namespace sb::kafka

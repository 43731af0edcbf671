#pragma once
// Creating and deleting a topic: the topic table (metadata, persisted first) and then the
// partitions' storage (cluster::partition_manager), so that a topic a client sees in
// Metadata has its logs open - or is reported as failing.
//
// Controller shard only (served_apis.h: api_shard::controller), where topic changes are
// serialized.

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "cluster/topic_creation.h"
#include "cluster/topic_metadata.h"
#include "kafka/request_context.h"

namespace sb::kafka {

using topic_change_result = sb::result<std::shared_ptr<const cluster::topic_metadata>, cluster::topic_error>;

// Kafka's creation rules (cluster::plan_topic_creation), then the table, then the logs.
// validate_only: the plan only. KAFKA_STORAGE_ERROR when the logs cannot be created (the
// topic stays, as in Kafka where the controller's record is already committed).
boost::asio::awaitable<topic_change_result> create_topic(const request_context& ctx,
                                                  const cluster::topic_creation_request& request, bool validate_only);

// Removes the topic from the table, then closes its partitions and deletes their files.
boost::asio::awaitable<topic_change_result> delete_topic(const request_context& ctx, const protocol::uuid& id);

}  // namespace sb::kafka

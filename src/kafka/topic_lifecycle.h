#pragma once
// Creating, growing, deleting and reconfiguring a topic: the topic table (metadata, persisted
// first) and then the partitions (cluster::partition_manager), so that a topic a client
// sees in Metadata has its logs open, and configs a client was told are changed are the
// ones its partitions run with - or the change is reported as failing.
//
// Controller shard only (served_apis.h: api_shard::controller), where topic changes are
// serialized.

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "cluster/partition_growth.h"
#include "cluster/topic_config_alteration.h"
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
// The same outside a request (the broker's own topics, e.g. __consumer_offsets).
boost::asio::awaitable<topic_change_result> create_topic(cluster::topic_table& topics,
                                                  cluster::partition_manager& partitions, const broker_config& config,
                                                  const cluster::topic_creation_request& request, bool validate_only);

// Adds partitions to the topic `name` (cluster::plan_partition_growth), durably in the
// table, then opens the new partitions' logs on their owner shards. validate_only: the
// checks only. UNKNOWN_TOPIC_OR_PARTITION (empty message) when there is no such topic;
// KAFKA_STORAGE_ERROR when the logs cannot be created (the partitions stay in the table).
boost::asio::awaitable<topic_change_result> add_partitions(const request_context& ctx, std::string name,
                                                           cluster::partition_growth_request request,
                                                           bool validate_only);

// Removes the topic from the table, then closes its partitions and deletes their files.
boost::asio::awaitable<topic_change_result> delete_topic(const request_context& ctx, const protocol::uuid& id);

// The topic's own configs become `configs` (checked already: topic_config_alteration.h):
// the table first, then its open partitions on their owner shards. validate_only:
// nothing changes.
boost::asio::awaitable<topic_change_result> set_topic_configs(const request_context& ctx, const protocol::uuid& id,
                                                       cluster::topic_configs configs, bool validate_only);

}  // namespace sb::kafka

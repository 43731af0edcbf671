#pragma once
// Builds the Kafka layer (cluster id, topic table, per-shard request handlers) from the
// broker's settings.

#include <memory>
#include <string>

#include "app/config.h"
#include "base/result.h"
#include "cluster/topic_table.h"
#include "net/request_handler.h"
#include "net/shard_pool.h"

namespace sb::app {

struct kafka_services {
    std::string cluster_id;
    std::shared_ptr<cluster::topic_table> topics;
    net::request_handler_factory handler_factory;
};

// Topic changes are serialized on shard 0 of `shards` (the future controller).
sb::result<kafka_services, std::string> make_kafka_services(const broker_config& config, net::shard_pool& shards);

}  // namespace sb::app

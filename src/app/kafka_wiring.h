#pragma once
// Builds the Kafka layer (topic table, cluster id, per-shard request handlers) from the
// broker's settings.

#include <string>

#include "app/config.h"
#include "base/result.h"
#include "net/request_handler.h"

namespace sb::app {

struct kafka_services {
    std::string cluster_id;
    net::request_handler_factory handler_factory;
};

sb::result<kafka_services, std::string> make_kafka_services(const broker_config& config);

}  // namespace sb::app

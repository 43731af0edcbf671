#pragma once
// The entry point the app uses to plug the Kafka layer into the network server
// (app/kafka_wiring.cc does this):
//
//   auto topics = cluster::topic_table::open(...);                              // start-up
//   auto services = std::make_shared<kafka::broker_services>(...);              // partitions, producer ids
//   auto factory = kafka::make_request_handler_factory(cfg, topics,
//                                                      shards.context(0).get_executor(), services);
//   net::tcp_server server(shards, server_config, factory);
//
// `controller` is shard 0's executor: topic changes and producer ids are handled there.

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "kafka/broker_services.h"
#include "net/request_handler.h"

namespace sb::kafka {

// The factory copies `config`; each call makes the dispatcher for one shard.
net::request_handler_factory make_request_handler_factory(const broker_config& config,
                                                          std::shared_ptr<cluster::topic_table> topics,
                                                          boost::asio::any_io_executor controller,
                                                          std::shared_ptr<broker_services> services);

}  // namespace sb::kafka

#pragma once
// The entry point the app uses to plug the Kafka layer into the network server.
//
//   auto cluster_id = cluster::load_or_create_cluster_id(data_dir);               // start-up
//   auto topics = cluster::topic_table::open(
//       std::make_unique<cluster::json_topic_store>(data_dir));                    // start-up
//   kafka::broker_config cfg{...};  cfg.cluster_id = *cluster_id;
//   auto factory = kafka::make_request_handler_factory(cfg, *topics,
//                                                      shards.context(0).get_executor());
//   net::tcp_server server(shards, server_config, factory);
//
// `controller` is shard 0's executor: topic changes run there (cluster/topic_table.h).

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "cluster/topic_table.h"
#include "kafka/broker_config.h"
#include "net/request_handler.h"

namespace sb::kafka {

// The factory copies `config`; each call makes the dispatcher for one shard.
net::request_handler_factory make_request_handler_factory(const broker_config& config,
                                                          std::shared_ptr<cluster::topic_table> topics,
                                                          boost::asio::any_io_executor controller);

}  // namespace sb::kafka

#include "app/kafka_wiring.h"

#include "base/error_code.h"
#include "cluster/cluster_id.h"
#include "cluster/json_topic_store.h"
#include "kafka/broker_config.h"
#include "kafka/request_handler_factory.h"

namespace sb::app {

sb::result<kafka_services, std::string> make_kafka_services(const broker_config& config, net::shard_pool& shards) {
    auto cluster_id = cluster::load_or_create_cluster_id(config.data_dir);
    if (!cluster_id) {
        return sb::unexpected("cannot load or create the cluster id in " + config.data_dir + ": " +
                              std::string(error_message(cluster_id.error())));
    }
    auto topics = cluster::topic_table::open(std::make_unique<cluster::json_topic_store>(config.data_dir));
    if (!topics) {
        return sb::unexpected("cannot load the topic table in " + config.data_dir + ": " +
                              std::string(error_message(topics.error())));
    }

    kafka::broker_config k;
    k.node_id = config.node_id;
    k.advertised_host = config.advertised_kafka().host;
    k.advertised_port = config.advertised_kafka().port;
    k.cluster_id = *cluster_id;
    k.data_dir = config.data_dir;
    k.topic_creation.default_partition_count = config.num_partitions;
    k.topic_creation.default_replication_factor = static_cast<int16_t>(config.default_replication_factor);
    k.topic_creation.partition_count_max = config.topic_partitions_max;

    kafka_services out;
    out.cluster_id = *cluster_id;
    out.topics = *topics;
    out.handler_factory = kafka::make_request_handler_factory(k, out.topics, shards.context(0).get_executor());
    return out;
}

}  // namespace sb::app

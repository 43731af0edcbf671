// The table of every broker setting. docs/configuration.md lists the same table for users;
// keep them in step.
#include "app/config.h"

#include <limits>

namespace sb::app {

const std::vector<setting>& settings() {
    constexpr int64_t i32_max = std::numeric_limits<int32_t>::max();
    static const std::vector<setting> table = {
        {"node.id", setting_type::integer, "1", "", 0, i32_max, {},
         "This broker's id in the cluster, announced in Metadata."},
        {"data.dir", setting_type::string, "./streambus-data", "", 0, 0, {},
         "Directory holding the logs and the broker's local state (created if missing)."},
        {"kafka.addr", setting_type::endpoint, "127.0.0.1:9092", "", 0, 0, {},
         "host:port of the Kafka API listener."},
        {"advertise.kafka.addr", setting_type::optional_endpoint, "", "", 0, 0, {},
         "host:port announced to clients in Metadata; empty means kafka.addr."},
        {"admin.addr", setting_type::optional_endpoint, "127.0.0.1:8080", "", 0, 0, {},
         "host:port of the HTTP admin, metrics and health listener; empty turns it off."},
        {"rpc.addr", setting_type::endpoint, "127.0.0.1:33145", "", 0, 0, {},
         "host:port of the broker-to-broker RPC listener."},
        {"smp", setting_type::integer, "", "shards", 1, 1024, {},
         "Number of shards (event loops, one thread each); empty means one per available core."},
        {"log.level", setting_type::choice, "info", "", 0, 0,
         {"trace", "debug", "info", "warn", "error", "critical", "off"}, "Log level."},
        {"log.format", setting_type::choice, "text", "", 0, 0, {"text", "json"},
         "Log line format: human-readable text or one JSON object per line."},
        {"socket.request.max.bytes", setting_type::integer, "104857600", "bytes", 64, std::numeric_limits<int32_t>::max(),
         {}, "Largest request frame accepted; a larger size prefix closes the connection."},
        {"connections.max.idle.ms", setting_type::integer, "600000", "ms", 1, 7 * 24 * 3600 * 1000LL, {},
         "Close connections that have been idle this long."},
        {"max.connections", setting_type::integer, "10000", "connections", 1, 1000000, {},
         "Most client connections open at once; more are closed on accept."},
        {"shutdown.timeout.ms", setting_type::integer, "30000", "ms", 0, 3600 * 1000LL, {},
         "How long a graceful shutdown waits for in-flight requests before exiting."},
        {"num.partitions", setting_type::integer, "1", "partitions", 1, 1000000, {},
         "Partitions of a topic created without a partition count."},
        {"default.replication.factor", setting_type::integer, "1", "replicas", 1, 32767, {},
         "Replication factor of a topic created without one."},
        {"topic.partitions.max", setting_type::integer, "10000", "partitions", 1, 1000000, {},
         "Most partitions one topic may have (CreateTopics answers INVALID_PARTITIONS above it)."},
    };
    return table;
}

}  // namespace sb::app

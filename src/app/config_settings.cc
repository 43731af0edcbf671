// The table of every broker setting. docs/configuration.md lists the same table for users;
// keep them in step. A setting marked dynamic (the last field) changes on SIGHUP; serve.cc
// must then know how to apply it (config_reload.h).
#include "app/config.h"

#include <limits>

namespace sb::app {

const std::vector<setting>& settings() {
    constexpr int64_t i32_max = std::numeric_limits<int32_t>::max();
    constexpr int64_t i64_max = std::numeric_limits<int64_t>::max();
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
         {"trace", "debug", "info", "warn", "error", "critical", "off"}, "Log level.", true},
        {"log.format", setting_type::choice, "text", "", 0, 0, {"text", "json"},
         "Log line format: human-readable text or one JSON object per line.", true},
        {"socket.request.max.bytes", setting_type::integer, "104857600", "bytes", 64, std::numeric_limits<int32_t>::max(),
         {}, "Largest request frame accepted; a larger size prefix closes the connection."},
        {"connections.max.idle.ms", setting_type::integer, "600000", "ms", 1, 7 * 24 * 3600 * 1000LL, {},
         "Close connections that have been idle this long.", true},
        {"max.connections", setting_type::integer, "10000", "connections", 1, 1000000, {},
         "Most client connections open at once; more are closed on accept.", true},
        {"shutdown.timeout.ms", setting_type::integer, "30000", "ms", 0, 3600 * 1000LL, {},
         "How long a graceful shutdown waits for in-flight requests before exiting."},
        {"num.partitions", setting_type::integer, "1", "partitions", 1, 1000000, {},
         "Partitions of a topic created without a partition count."},
        {"default.replication.factor", setting_type::integer, "1", "replicas", 1, 32767, {},
         "Replication factor of a topic created without one."},
        {"topic.partitions.max", setting_type::integer, "10000", "partitions", 1, 1000000, {},
         "Most partitions one topic may have (CreateTopics answers INVALID_PARTITIONS above it)."},
        {"auto.create.topics.enable", setting_type::choice, "true", "", 0, 0, {"true", "false"},
         "Create a topic that Metadata or Produce names when it does not exist."},
        // Broker defaults for topic configs.
        {"log.segment.bytes", setting_type::integer, "1073741824", "bytes", 14, i32_max, {},
         "Default segment.bytes: size at which a log segment is closed and a new one started."},
        {"log.roll.ms", setting_type::integer, "604800000", "ms", 1, i64_max, {},
         "Default segment.ms: age at which a log segment is closed and a new one started."},
        {"log.index.size.max.bytes", setting_type::integer, "10485760", "bytes", 4, i32_max, {},
         "Default segment.index.bytes: largest offset or time index file of a segment."},
        {"log.index.interval.bytes", setting_type::integer, "4096", "bytes", 0, i32_max, {},
         "Default index.interval.bytes: bytes of log between two offset index entries."},
        {"log.flush.interval.messages", setting_type::integer, "9223372036854775807", "records", 1, i64_max, {},
         "Default flush.messages: fsync after this many records."},
        {"log.flush.interval.ms", setting_type::integer, "9223372036854775807", "ms", 0, i64_max, {},
         "Default flush.ms: fsync when the oldest unflushed record is this old."},
        {"log.retention.ms", setting_type::integer, "604800000", "ms", -1, i64_max, {},
         "Default retention.ms: age after which whole old segments are deleted; -1 keeps them."},
        {"log.retention.bytes", setting_type::integer, "-1", "bytes", -1, i64_max, {},
         "Default retention.bytes: partition size above which whole old segments are deleted; -1: no limit."},
        {"log.cleanup.policy", setting_type::choice, "delete", "", 0, 0, {"delete", "compact", "compact,delete"},
         "Default cleanup.policy."},
        {"log.cleaner.delete.retention.ms", setting_type::integer, "86400000", "ms", 0, i64_max, {},
         "Default delete.retention.ms: how long compaction keeps tombstones."},
        {"message.max.bytes", setting_type::integer, "1048588", "bytes", 0, i32_max, {},
         "Default max.message.bytes: largest record batch a producer may send."},
        {"log.message.timestamp.type", setting_type::choice, "CreateTime", "", 0, 0, {"CreateTime", "LogAppendTime"},
         "Default message.timestamp.type."},
        {"log.message.timestamp.before.max.ms", setting_type::integer, "9223372036854775807", "ms", 0, i64_max, {},
         "Default message.timestamp.before.max.ms: how far in the past a record's timestamp may be."},
        {"log.message.timestamp.after.max.ms", setting_type::integer, "9223372036854775807", "ms", 0, i64_max, {},
         "Default message.timestamp.after.max.ms: how far in the future a record's timestamp may be."},
        // The data path.
        {"log.flush.on.ack", setting_type::choice, "true", "", 0, 0, {"true", "false"},
         "Acknowledge acks=all only once the records are fsynced."},
        {"storage.blocking.threads", setting_type::integer, "4", "threads", 1, 256, {},
         "Threads for blocking storage work (fsync, open, unlink), shared by all shards."},
        {"log.open.segments.max", setting_type::integer, "256", "segments", 1, 1000000, {},
         "Closed segments whose files each shard keeps open for reads."},
        {"producer.id.expiration.ms", setting_type::integer, "86400000", "ms", 1, i64_max, {},
         "How long a partition remembers an idle idempotent producer."},
        {"producer.state.partition.max.producers", setting_type::integer, "10000", "producers", 1, 10000000, {},
         "Idempotent producers one partition remembers; the least recently used is forgotten first."},
        {"fetch.delayed.max.requests", setting_type::integer, "10000", "requests", 0, 10000000, {},
         "Fetches waiting for data (max.wait.ms) per shard; more are answered at once."},
        {"produce.delayed.max.requests", setting_type::integer, "10000", "requests", 1, 10000000, {},
         "acks=all produces waiting for fsync per shard; more get REQUEST_TIMED_OUT before appending."},
        {"max.incremental.fetch.session.cache.slots", setting_type::integer, "1000", "sessions", 0, 10000000, {},
         "Incremental fetch sessions kept per shard."},
        {"fetch.session.partitions.max", setting_type::integer, "10000", "partitions", 1, 10000000, {},
         "Partitions one fetch session may hold."},
        {"fetch.wait.max.ms", setting_type::integer, "30000", "ms", 0, 3600000, {},
         "Longest max.wait.ms a fetch is held for."},
        // Testing.
        {"testing.recovery.hold.file", setting_type::string, "", "", 0, 0, {},
         "Tests only: start-up recovery waits while this file exists, so readiness stays false; empty: never."},
    };
    return table;
}

}  // namespace sb::app

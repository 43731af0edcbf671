#include "cluster/topic_config_schema.h"

#include <algorithm>

namespace sb::cluster {
namespace {

using enum config_type;

// Kept sorted by name: lookups binary-search it and the tests check the order. The
// descriptions are ours, written for DescribeConfigs' documentation field.
constexpr topic_config_definition k_definitions[] = {
    {"cleanup.policy", "delete", list, "log.cleanup.policy",
     "How old log segments are discarded: delete (by retention.ms/bytes), compact (keep the latest value per key), or both."},
    {"compression.gzip.level", "-1", int32, "compression.gzip.level",
     "Level the broker recompresses batches at when compression.type is gzip: 1 (fastest) to 9 (smallest), or -1 for zlib's default (6)."},
    {"compression.lz4.level", "9", int32, "compression.lz4.level",
     "Level the broker recompresses batches at when compression.type is lz4: 1 to 17; the default 9 is lz4's fast compressor (as are 1 and 2), 3 to 17 lz4hc."},
    {"compression.type", "producer", string, "compression.type",
     "Compression codec of the stored batches; producer keeps the codec the producer chose."},
    {"compression.zstd.level", "3", int32, "compression.zstd.level",
     "Level the broker recompresses batches at when compression.type is zstd: -131072 (fastest) to 22 (smallest)."},
    {"delete.retention.ms", "86400000", int64, "log.cleaner.delete.retention.ms",
     "How long a compacted topic keeps tombstones (records with a null value)."},
    {"file.delete.delay.ms", "60000", int64, "log.segment.delete.delay.ms",
     "How long a deleted segment's files are kept before they are removed."},
    {"flush.messages", "9223372036854775807", int64, "log.flush.interval.messages",
     "Force an fsync of the log after this many records."},
    {"flush.ms", "9223372036854775807", int64, "log.flush.interval.ms",
     "Force an fsync of the log when its oldest unflushed record is this old."},
    {"follower.replication.throttled.replicas", "", list, "",
     "Replicas whose follower replication is throttled (partition:broker pairs, or *)."},
    {"index.interval.bytes", "4096", int32, "log.index.interval.bytes",
     "Bytes of log between two entries of the sparse offset index."},
    {"leader.replication.throttled.replicas", "", list, "",
     "Replicas whose leader replication is throttled (partition:broker pairs, or *)."},
    {"local.retention.bytes", "-2", int64, "log.local.retention.bytes",
     "Bytes kept in local storage when tiered storage is on; -2 means retention.bytes."},
    {"local.retention.ms", "-2", int64, "log.local.retention.ms",
     "Time kept in local storage when tiered storage is on; -2 means retention.ms."},
    {"max.compaction.lag.ms", "9223372036854775807", int64, "log.cleaner.max.compaction.lag.ms",
     "Longest time a record stays uncompacted in a compacted topic."},
    {"max.message.bytes", "1048588", int32, "message.max.bytes",
     "Largest record batch the topic accepts; a larger one gets MESSAGE_TOO_LARGE."},
    {"message.downconversion.enable", "true", boolean, "log.message.downconversion.enable",
     "Whether old fetch versions may get down-converted record batches."},
    {"message.format.version", "3.0-IV1", string, "log.message.format.version",
     "Record format version (ignored since Kafka 3.0: every batch is v2)."},
    {"message.timestamp.after.max.ms", "9223372036854775807", int64, "log.message.timestamp.after.max.ms",
     "How far ahead of the broker's clock a CreateTime record timestamp may be."},
    {"message.timestamp.before.max.ms", "9223372036854775807", int64, "log.message.timestamp.before.max.ms",
     "How far behind the broker's clock a CreateTime record timestamp may be."},
    {"message.timestamp.difference.max.ms", "9223372036854775807", int64, "log.message.timestamp.difference.max.ms",
     "Deprecated bound on both sides of a CreateTime timestamp (see the before/after configs)."},
    {"message.timestamp.type", "CreateTime", string, "log.message.timestamp.type",
     "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime)."},
    {"min.cleanable.dirty.ratio", "0.5", float64, "log.cleaner.min.cleanable.ratio",
     "Share of uncompacted log above which a compacted topic is cleaned."},
    {"min.compaction.lag.ms", "0", int64, "log.cleaner.min.compaction.lag.ms",
     "Shortest time a record stays uncompacted in a compacted topic."},
    {"min.insync.replicas", "1", int32, "min.insync.replicas",
     "Fewest in-sync replicas for an acks=all produce to succeed."},
    {"preallocate", "false", boolean, "log.preallocate", "Whether segment files are preallocated on disk."},
    {"remote.log.copy.disable", "false", boolean, "", "Stop copying segments to tiered storage."},
    {"remote.log.delete.on.disable", "false", boolean, "", "Delete tiered segments when tiered storage is turned off."},
    {"remote.storage.enable", "false", boolean, "", "Whether the topic uses tiered storage."},
    {"retention.bytes", "-1", int64, "log.retention.bytes",
     "Partition size above which whole old segments are deleted; -1: no limit."},
    {"retention.ms", "604800000", int64, "log.retention.ms",
     "Age after which whole old segments are deleted; -1: no limit."},
    {"segment.bytes", "1073741824", int32, "log.segment.bytes",
     "Size at which a log segment is closed and a new one started."},
    {"segment.index.bytes", "10485760", int32, "log.index.size.max.bytes",
     "Largest offset or time index file of a segment."},
    {"segment.jitter.ms", "0", int64, "log.roll.jitter.ms", "Random jitter subtracted from segment.ms."},
    {"segment.ms", "604800000", int64, "log.roll.ms",
     "Age at which a log segment is closed and a new one started."},
    {"unclean.leader.election.enable", "false", boolean, "unclean.leader.election.enable",
     "Whether a replica that is not in sync may become leader (losing records)."},
};

}  // namespace

std::span<const topic_config_definition> topic_config_definitions() { return k_definitions; }

const topic_config_definition* find_topic_config(std::string_view name) {
    const auto* it = std::lower_bound(std::begin(k_definitions), std::end(k_definitions), name,
                                      [](const topic_config_definition& d, std::string_view n) { return d.name < n; });
    if (it == std::end(k_definitions) || it->name != name) return nullptr;
    return it;
}

}  // namespace sb::cluster

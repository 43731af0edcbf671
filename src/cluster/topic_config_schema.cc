#include "cluster/topic_config_schema.h"

#include <algorithm>

namespace sb::cluster {
namespace {

// Kept sorted by name: lookups binary-search it and the tests check the order.
constexpr topic_config_definition k_definitions[] = {
    {"cleanup.policy", "delete"},
    {"compression.gzip.level", "-1"},
    {"compression.lz4.level", "9"},
    {"compression.type", "producer"},
    {"compression.zstd.level", "3"},
    {"delete.retention.ms", "86400000"},
    {"file.delete.delay.ms", "60000"},
    {"flush.messages", "9223372036854775807"},
    {"flush.ms", "9223372036854775807"},
    {"follower.replication.throttled.replicas", ""},
    {"index.interval.bytes", "4096"},
    {"leader.replication.throttled.replicas", ""},
    {"local.retention.bytes", "-2"},
    {"local.retention.ms", "-2"},
    {"max.compaction.lag.ms", "9223372036854775807"},
    {"max.message.bytes", "1048588"},
    {"message.downconversion.enable", "true"},
    {"message.format.version", "3.0-IV1"},
    {"message.timestamp.after.max.ms", "9223372036854775807"},
    {"message.timestamp.before.max.ms", "9223372036854775807"},
    {"message.timestamp.difference.max.ms", "9223372036854775807"},
    {"message.timestamp.type", "CreateTime"},
    {"min.cleanable.dirty.ratio", "0.5"},
    {"min.compaction.lag.ms", "0"},
    {"min.insync.replicas", "1"},
    {"preallocate", "false"},
    {"remote.log.copy.disable", "false"},
    {"remote.log.delete.on.disable", "false"},
    {"remote.storage.enable", "false"},
    {"retention.bytes", "-1"},
    {"retention.ms", "604800000"},
    {"segment.bytes", "1073741824"},
    {"segment.index.bytes", "10485760"},
    {"segment.jitter.ms", "0"},
    {"segment.ms", "604800000"},
    {"unclean.leader.election.enable", "false"},
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

#pragma once
// The settings one partition runs with: its topic's configs (Kafka's topic config names)
// over the broker's defaults for them (Kafka's broker names, e.g. log.segment.bytes for
// segment.bytes), parsed and checked the way Kafka's LogConfig checks them.
//
// Pure; any thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "cluster/topic_metadata.h"
#include "protocol/compression.h"
#include "protocol/record_batch.h"
#include "storage/log_config.h"

namespace sb::cluster {

// Topic config name -> the broker's default value for it, as text ("segment.bytes" ->
// "1073741824"). Names missing here take Kafka's defaults (topic_config_schema.h).
using topic_config_defaults = std::map<std::string, std::string, std::less<>>;

struct partition_config {
    storage::log_config log;
    // Record timestamps of a CreateTime topic must lie in [now - before, now + after]
    // (message.timestamp.before.max.ms / after.max.ms, each capped by the older
    // message.timestamp.difference.max.ms). INT64_MAX: no bound.
    int64_t timestamp_before_max_ms = INT64_MAX;
    int64_t timestamp_after_max_ms = INT64_MAX;
    // compression.type: the codec every batch is stored with (a batch the producer
    // compressed otherwise is recompressed), or none for `producer` (stored as sent).
    std::optional<protocol::compression_codec> compression;
    // compression.gzip.level, compression.lz4.level, compression.zstd.level: the level
    // recompression uses for the codec above.
    protocol::compression_levels compression_levels;
    // min.compaction.lag.ms and max.compaction.lag.ms live in `log` (the cleaner acts on
    // them); parsing checks them as Kafka does (the min at most the max).

    bool compacted() const { return log.cleanup != storage::cleanup_policy::delete_; }
};

// The value in force for `name`: the topic's own, else the broker default, else Kafka's.
std::string effective_topic_config(const std::map<std::string, std::string, std::less<>>& topic_configs,
                                   const topic_config_defaults& defaults, std::string_view name);

// Parses every config that shapes a partition. INVALID_CONFIG with Kafka's message
// ("Invalid value x for configuration segment.bytes: Not a number of type INT") when a
// value is malformed or out of range. A partition opens with what this gives.
sb::result<partition_config, topic_error> make_partition_config(
    const std::map<std::string, std::string, std::less<>>& topic_configs, const topic_config_defaults& defaults);

// make_partition_config, and the values that are each valid but do not go together, as
// Kafka's LogConfig.validateValues checks them: INVALID_CONFIG "conflict topic config
// setting min.compaction.lag.ms (5) > max.compaction.lag.ms (4)". For a change (CreateTopics,
// AlterConfigs, new broker defaults); a partition of a topic stored before opens anyway,
// as in Kafka, which checks the pair only when configs change. CreateTopics checks a new
// topic's own values with validate_topic_configs(configs, {}).
sb::result<partition_config, topic_error> validate_topic_configs(
    const std::map<std::string, std::string, std::less<>>& topic_configs, const topic_config_defaults& defaults);

}  // namespace sb::cluster

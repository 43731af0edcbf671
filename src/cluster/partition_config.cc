#include "cluster/partition_config.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <fmt/format.h>

#include "cluster/topic_config_schema.h"

namespace sb::cluster {
namespace {

constexpr int64_t k_int32_max = INT32_MAX;

sb::unexpected<topic_error> invalid(std::string_view name, std::string_view value, std::string_view why) {
    return sb::unexpected(
        topic_error{error_code::invalid_config, fmt::format("Invalid value {} for configuration {}: {}", value, name, why)});
}

// An integer config in [min, max]; `type` is Kafka's name for it (INT or LONG).
sb::result<int64_t, topic_error> parse_integer(std::string_view name, std::string_view text, int64_t min, int64_t max,
                                               std::string_view type) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return invalid(name, text, fmt::format("Not a number of type {}", type));
    }
    if (type == "INT" && (v < INT32_MIN || v > INT32_MAX)) return invalid(name, text, "Not a number of type INT");
    if (v < min) return invalid(name, text, fmt::format("Value must be at least {}", min));
    if (v > max) return invalid(name, text, fmt::format("Value must be no more than {}", max));
    return v;
}

sb::result<double, topic_error> parse_ratio(std::string_view name, std::string_view text) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return invalid(name, text, "Not a number of type DOUBLE");
    }
    if (v < 0) return invalid(name, text, "Value must be at least 0");
    if (v > 1) return invalid(name, text, "Value must be no more than 1");
    return v;
}

// cleanup.policy is a comma-separated list of "delete" and "compact".
sb::result<storage::cleanup_policy, topic_error> parse_cleanup_policy(std::string_view text) {
    bool compact = false;
    bool del = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item == "compact") {
            compact = true;
        } else if (item == "delete") {
            del = true;
        } else if (!item.empty()) {
            return invalid("cleanup.policy", text, "String must be one of: compact, delete");
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (compact && del) return storage::cleanup_policy::compact_delete;
    if (compact) return storage::cleanup_policy::compact;
    return storage::cleanup_policy::delete_;
}

sb::result<storage::timestamp_type, topic_error> parse_timestamp_type(std::string_view text) {
    if (text == "CreateTime") return storage::timestamp_type::create_time;
    if (text == "LogAppendTime") return storage::timestamp_type::log_append_time;
    return invalid("message.timestamp.type", text, "String must be one of: CreateTime, LogAppendTime");
}

// compression.type: Kafka's BrokerCompressionType names.
sb::result<std::optional<protocol::compression_codec>, topic_error> parse_compression_type(std::string_view text) {
    using protocol::compression_codec;
    if (text == "producer") return std::optional<compression_codec>();
    if (text == "uncompressed") return std::optional(compression_codec::none);
    if (text == "zstd") return std::optional(compression_codec::zstd);
    if (text == "lz4") return std::optional(compression_codec::lz4);
    if (text == "snappy") return std::optional(compression_codec::snappy);
    if (text == "gzip") return std::optional(compression_codec::gzip);
    return invalid("compression.type", text, "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer");
}

// compression.gzip.level: 1..9, or -1 for zlib's default; Kafka's message names both.
sb::result<int32_t, topic_error> parse_gzip_level(std::string_view text) {
    constexpr std::string_view name = "compression.gzip.level";
    auto level = parse_integer(name, text, INT32_MIN, INT32_MAX, "INT");
    if (!level) return sb::unexpected(std::move(level).error());
    const auto v = static_cast<int32_t>(*level);
    if (!protocol::gzip_level_valid(v)) {
        return invalid(name, text,
                       fmt::format("Value must be between {} and {} or equal to {}", protocol::k_gzip_levels.min,
                                   protocol::k_gzip_levels.max, protocol::k_gzip_levels.default_level));
    }
    return v;
}

}  // namespace

std::string effective_topic_config(const std::map<std::string, std::string, std::less<>>& topic_configs,
                                   const topic_config_defaults& defaults, std::string_view name) {
    if (auto it = topic_configs.find(name); it != topic_configs.end()) return it->second;
    if (auto it = defaults.find(name); it != defaults.end()) return it->second;
    const topic_config_definition* def = find_topic_config(name);
    assert(def != nullptr);
    return std::string(def->default_value);
}

sb::result<partition_config, topic_error> make_partition_config(
    const std::map<std::string, std::string, std::less<>>& topic_configs, const topic_config_defaults& defaults) {
    partition_config out;
    storage::log_config& log = out.log;
    auto value = [&](std::string_view name) { return effective_topic_config(topic_configs, defaults, name); };
    // Each integer config with Kafka's type and range; `apply` stores the parsed value.
    struct integer_config {
        std::string_view name;
        int64_t min;
        int64_t max;
        std::string_view type;
        void (*apply)(partition_config&, int64_t);
    };
    static constexpr integer_config k_integers[] = {
        // Kafka's minimum is the size of the smallest legacy record (14 bytes).
        {"segment.bytes", 14, k_int32_max, "INT", [](partition_config& c, int64_t v) { c.log.segment_bytes = static_cast<uint64_t>(v); }},
        {"segment.ms", 1, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.segment_ms = v; }},
        {"segment.index.bytes", 4, k_int32_max, "INT", [](partition_config& c, int64_t v) { c.log.segment_index_bytes = static_cast<uint32_t>(v); }},
        {"index.interval.bytes", 0, k_int32_max, "INT", [](partition_config& c, int64_t v) { c.log.index_interval_bytes = static_cast<uint32_t>(v); }},
        {"flush.messages", 1, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.flush_messages = v; }},
        {"flush.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.flush_ms = v; }},
        {"retention.ms", -1, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.retention_ms = v; }},
        {"retention.bytes", INT64_MIN, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.retention_bytes = v < 0 ? -1 : v; }},
        {"delete.retention.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.delete_retention_ms = v; }},
        {"min.compaction.lag.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.min_compaction_lag_ms = v; }},
        {"max.compaction.lag.ms", 1, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.log.max_compaction_lag_ms = v; }},
        {"max.message.bytes", 0, k_int32_max, "INT", [](partition_config& c, int64_t v) { c.log.max_message_bytes = static_cast<uint32_t>(v); }},
        {"message.timestamp.before.max.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.timestamp_before_max_ms = std::min(c.timestamp_before_max_ms, v); }},
        {"message.timestamp.after.max.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) { c.timestamp_after_max_ms = std::min(c.timestamp_after_max_ms, v); }},
        // The older, deprecated bound on both sides (KIP-937 split it in two).
        // Kafka's ranges for the codecs' levels (KIP-390); gzip's, with its -1, is checked below.
        {"compression.lz4.level", protocol::k_lz4_levels.min, protocol::k_lz4_levels.max, "INT",
         [](partition_config& c, int64_t v) { c.compression_levels.lz4 = static_cast<int32_t>(v); }},
        {"compression.zstd.level", protocol::k_zstd_levels.min, protocol::k_zstd_levels.max, "INT",
         [](partition_config& c, int64_t v) { c.compression_levels.zstd = static_cast<int32_t>(v); }},
        {"message.timestamp.difference.max.ms", 0, INT64_MAX, "LONG", [](partition_config& c, int64_t v) {
             c.timestamp_before_max_ms = std::min(c.timestamp_before_max_ms, v);
             c.timestamp_after_max_ms = std::min(c.timestamp_after_max_ms, v);
         }},
    };
    for (const integer_config& c : k_integers) {
        auto parsed = parse_integer(c.name, value(c.name), c.min, c.max, c.type);
        if (!parsed) return sb::unexpected(std::move(parsed).error());
        c.apply(out, *parsed);
    }
    auto ratio = parse_ratio("min.cleanable.dirty.ratio", value("min.cleanable.dirty.ratio"));
    if (!ratio) return sb::unexpected(std::move(ratio).error());
    log.min_cleanable_dirty_ratio = *ratio;
    auto cleanup = parse_cleanup_policy(value("cleanup.policy"));
    if (!cleanup) return sb::unexpected(std::move(cleanup).error());
    log.cleanup = *cleanup;
    auto timestamps = parse_timestamp_type(value("message.timestamp.type"));
    if (!timestamps) return sb::unexpected(std::move(timestamps).error());
    log.message_timestamp_type = *timestamps;
    auto gzip_level = parse_gzip_level(value("compression.gzip.level"));
    if (!gzip_level) return sb::unexpected(std::move(gzip_level).error());
    out.compression_levels.gzip = *gzip_level;
    auto compression = parse_compression_type(value("compression.type"));
    if (!compression) return sb::unexpected(std::move(compression).error());
    out.compression = *compression;
    return out;
}

sb::result<partition_config, topic_error> validate_topic_configs(
    const std::map<std::string, std::string, std::less<>>& topic_configs, const topic_config_defaults& defaults) {
    auto config = make_partition_config(topic_configs, defaults);
    if (!config) return config;
    // The one pair Kafka checks together.
    if (config->log.min_compaction_lag_ms > config->log.max_compaction_lag_ms) {
        return sb::unexpected(topic_error{
            error_code::invalid_config, fmt::format("conflict topic config setting min.compaction.lag.ms ({}) > "
                                                    "max.compaction.lag.ms ({})",
                                                    config->log.min_compaction_lag_ms, config->log.max_compaction_lag_ms)});
    }
    return config;
}

}  // namespace sb::cluster

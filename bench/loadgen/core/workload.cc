#include "loadgen/core/workload.h"

#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace sb::loadgen {
namespace {

const std::set<std::string> k_known_keys = {
    "name", "topics", "partitionsPerTopic", "messageSize", "randomBytesRatio", "keyDistributor",
    "subscriptionsPerTopic", "producersPerTopic", "consumerPerSubscription", "producerRate",
    "testDurationMinutes", "testDurationSeconds", "warmupDurationMinutes", "warmupDurationSeconds",
    "maxOutstandingMessagesPerProducer",
    // Accepted for compatibility with OpenMessaging Benchmark files; they do not apply here.
    "consumerBacklogSizeGB", "payloadFile", "useRandomizedPayloads", "randomizedPayloadPoolSize",
};

template <class T>
result<T, std::string> scalar(const YAML::Node& root, const std::string& key, T fallback) {
    const YAML::Node node = root[key];
    if (!node) return fallback;
    try {
        return node.as<T>();
    } catch (const YAML::Exception&) {
        return unexpected(std::string("workload key ") + key + ": not a valid " +
                          (std::is_floating_point_v<T> ? "number" : std::is_integral_v<T> ? "integer" : "string"));
    }
}

result<key_distributor, std::string> parse_keys(const std::string& s) {
    if (s == "NO_KEY") return key_distributor::no_key;
    if (s == "KEY_ROUND_ROBIN") return key_distributor::key_round_robin;
    if (s == "RANDOM_NANO") return key_distributor::random_nano;
    return unexpected("workload key keyDistributor: " + s + " is not NO_KEY, KEY_ROUND_ROBIN or RANDOM_NANO");
}

// A duration given either in minutes or in seconds (not both).
result<double, std::string> duration(const YAML::Node& root, const std::string& minutes_key,
                                     const std::string& seconds_key, double fallback_s) {
    if (root[minutes_key] && root[seconds_key]) {
        return unexpected("workload keys " + minutes_key + " and " + seconds_key + ": give only one");
    }
    if (root[seconds_key]) return scalar<double>(root, seconds_key, fallback_s);
    auto minutes = scalar<double>(root, minutes_key, fallback_s / 60);
    if (!minutes) return unexpected(minutes.error());
    return *minutes * 60;
}

std::string check(const workload& w) {
    if (w.topics < 1) return "topics must be at least 1";
    if (w.partitions_per_topic < 1) return "partitionsPerTopic must be at least 1";
    if (w.message_size_bytes < k_min_message_size_bytes) return "messageSize must be at least 8 (the send time it carries)";
    if (w.random_bytes_ratio < 0 || w.random_bytes_ratio > 1) return "randomBytesRatio must be between 0 and 1";
    if (w.subscriptions_per_topic != 1) return "subscriptionsPerTopic: only 1 is supported";
    if (w.producers_per_topic < 1) return "producersPerTopic must be at least 1";
    if (w.consumers_per_subscription < 0) return "consumerPerSubscription must be 0 or more";
    if (w.consumers_per_subscription > w.partitions_per_topic) return "consumerPerSubscription must not exceed partitionsPerTopic";
    if (w.producer_rate_per_s < 0) return "producerRate must be 0 (max throughput) or more";
    if (w.duration_s <= 0) return "the test duration must be positive";
    if (w.warmup_s < 0) return "the warm-up duration must not be negative";
    if (w.max_outstanding_messages_per_producer < 1) return "maxOutstandingMessagesPerProducer must be at least 1";
    return {};
}

}  // namespace

const char* key_distributor_name(key_distributor k) {
    switch (k) {
        case key_distributor::no_key: return "NO_KEY";
        case key_distributor::key_round_robin: return "KEY_ROUND_ROBIN";
        case key_distributor::random_nano: return "RANDOM_NANO";
    }
    return "?";
}

result<workload, std::string> parse_workload_yaml(const std::string& text) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return unexpected(std::string("workload is not valid YAML: ") + e.what());
    }
    if (!root.IsMap()) return unexpected(std::string("workload must be a YAML mapping of keys to values"));
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        if (!k_known_keys.contains(key)) return unexpected("workload key " + key + " is not known");
    }

    workload w;
    std::string error;
    auto take = [&](auto& field, const std::string& key) {
        if (!error.empty()) return;
        auto v = scalar(root, key, field);
        if (v) field = *v; else error = v.error();
    };
    take(w.name, "name");
    take(w.topics, "topics");
    take(w.partitions_per_topic, "partitionsPerTopic");
    take(w.message_size_bytes, "messageSize");
    take(w.random_bytes_ratio, "randomBytesRatio");
    take(w.subscriptions_per_topic, "subscriptionsPerTopic");
    take(w.producers_per_topic, "producersPerTopic");
    take(w.consumers_per_subscription, "consumerPerSubscription");
    take(w.producer_rate_per_s, "producerRate");
    take(w.max_outstanding_messages_per_producer, "maxOutstandingMessagesPerProducer");
    if (!error.empty()) return unexpected(error);

    auto keys = scalar<std::string>(root, "keyDistributor", "NO_KEY");
    if (!keys) return unexpected(keys.error());
    auto distributor = parse_keys(*keys);
    if (!distributor) return unexpected(distributor.error());
    w.keys = *distributor;

    auto test = duration(root, "testDurationMinutes", "testDurationSeconds", w.duration_s);
    if (!test) return unexpected(test.error());
    w.duration_s = *test;
    auto warmup = duration(root, "warmupDurationMinutes", "warmupDurationSeconds", w.warmup_s);
    if (!warmup) return unexpected(warmup.error());
    w.warmup_s = *warmup;

    if (auto problem = check(w); !problem.empty()) return unexpected("workload: " + problem);
    return w;
}

result<workload, std::string> load_workload_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return unexpected("cannot read workload file " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto w = parse_workload_yaml(text.str());
    if (!w) return unexpected(path + ": " + w.error());
    if (w->name.empty()) {
        // The file's name without directory and extension.
        auto slash = path.find_last_of('/');
        std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
        w->name = base.substr(0, base.find_last_of('.'));
    }
    return w;
}

}  // namespace sb::loadgen

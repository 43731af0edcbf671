#include "cli/topic_configs.h"

#include <algorithm>

#include "cli/admin_call.h"
#include "cli/kafka_client.h"

namespace sb::cli {

std::string source_name(rd_kafka_ConfigSource_t source) { return rd_kafka_ConfigSource_name(source); }

result<std::vector<topic_config_entry>, std::string> describe_topic_configs(rd_kafka_t* rk, const std::string& topic,
                                                                            int timeout_ms) {
    rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
    admin_call call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout_ms);
    rd_kafka_DescribeConfigs(rk, &resource, 1, call.options(), call.queue());
    rd_kafka_ConfigResource_destroy(resource);
    auto ev = call.wait();
    if (!ev) return unexpected("cannot describe the configs of topic \"" + topic + "\": " + ev.error());

    size_t count = 0;
    const auto* resources =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev->get()), &count);
    if (count != 1) return unexpected("cannot describe the configs of topic \"" + topic + "\": no result");
    if (auto err = rd_kafka_ConfigResource_error(resources[0])) {
        return unexpected("cannot describe the configs of topic \"" + topic +
                          "\": " + describe_error(err, rd_kafka_ConfigResource_error_string(resources[0])));
    }
    size_t entry_count = 0;
    const auto* entries = rd_kafka_ConfigResource_configs(resources[0], &entry_count);
    std::vector<topic_config_entry> out;
    for (size_t i = 0; i < entry_count; ++i) {
        const char* value = rd_kafka_ConfigEntry_value(entries[i]);
        out.push_back({rd_kafka_ConfigEntry_name(entries[i]), value ? std::optional<std::string>(value) : std::nullopt,
                       rd_kafka_ConfigEntry_source(entries[i])});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace sb::cli

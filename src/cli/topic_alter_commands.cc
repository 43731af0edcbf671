// `topic alter-config` and `topic add-partitions`.
#include <map>

#include "cli/admin_call.h"
#include "cli/connection_options.h"
#include "cli/kafka_client.h"
#include "cli/key_value.h"
#include "cli/outcomes.h"
#include "cli/topic_commands.h"
#include "cli/topic_configs.h"
#include "cli/topic_metadata.h"

namespace sb::cli {
namespace {

// The most partitions one call may add: a typo such as 1000000 should not reach the broker.
constexpr int k_max_partitions_added = 100000;

struct alter_config_options {
    connection_options conn;
    std::string topic;
    std::vector<std::string> set;
    std::vector<std::string> remove;
};

// The topic's configs set on the topic itself, with the requested changes applied.
// AlterConfigs (librdkafka 2.0 has no IncrementalAlterConfigs) replaces the whole set of
// topic-level settings, so the settings left alone must be sent again.
std::map<std::string, std::string> desired_configs(const std::vector<topic_config_entry>& current,
                                                   const alter_config_options& o) {
    std::map<std::string, std::string> out;
    for (const auto& c : current) {
        if (c.source == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG && c.value) out[c.name] = *c.value;
    }
    for (const auto& key : o.remove) out.erase(key);
    for (const auto& [key, value] : split_key_values(o.set)) out[key] = value;
    return out;
}

int run_alter_config(const alter_config_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    auto current = describe_topic_configs(rk, o.topic, o.conn.timeout_ms);
    if (!current) return fail(current.error());

    rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, o.topic.c_str());
    for (const auto& [key, value] : desired_configs(*current, o))
        rd_kafka_ConfigResource_set_config(resource, key.c_str(), value.c_str());
    admin_call call(rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, o.conn.timeout_ms);
    rd_kafka_AlterConfigs(rk, &resource, 1, call.options(), call.queue());
    rd_kafka_ConfigResource_destroy(resource);
    auto ev = call.wait();
    if (!ev) return fail("cannot alter the configs of topic \"" + o.topic + "\": " + ev.error());

    size_t count = 0;
    const auto** results = rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev->get()), &count);
    std::vector<item_outcome> outcomes;
    for (size_t i = 0; i < count; ++i) {
        const char* message = rd_kafka_ConfigResource_error_string(results[i]);
        outcomes.push_back({rd_kafka_ConfigResource_name(results[i]), rd_kafka_ConfigResource_error(results[i]),
                            message ? message : ""});
    }
    return report_outcomes("TOPIC", "alter the configs of topic", outcomes);
}

struct add_partitions_options {
    connection_options conn;
    std::vector<std::string> topics;
    int count = 0;
};

int run_add_partitions(const add_partitions_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();

    // CreatePartitions takes the new total, so read each topic's current count first.
    std::vector<rd_kafka_NewPartitions_t*> requests;
    char errstr[512];
    for (const auto& name : o.topics) {
        auto t = fetch_topic(rk, o.conn, name);
        if (!t) {
            rd_kafka_NewPartitions_destroy_array(requests.data(), requests.size());
            return fail(t.error());
        }
        auto total = t->partitions.size() + static_cast<std::size_t>(o.count);
        requests.push_back(rd_kafka_NewPartitions_new(name.c_str(), total, errstr, sizeof errstr));
    }
    admin_call call(rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, o.conn.timeout_ms);
    call.set_operation(false);
    rd_kafka_CreatePartitions(rk, requests.data(), requests.size(), call.options(), call.queue());
    rd_kafka_NewPartitions_destroy_array(requests.data(), requests.size());
    auto ev = call.wait();
    if (!ev) return fail("cannot add partitions: " + ev.error());
    size_t count = 0;
    const auto** results =
        rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(ev->get()), &count);
    return report_outcomes("TOPIC", "add partitions to topic", topic_outcomes(results, count));
}

}  // namespace

void add_topic_alter_commands(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen) {
    auto alter = std::make_shared<alter_config_options>();
    auto* alter_cmd = topic.add_subcommand("alter-config", "Set or remove a topic's configs");
    alter_cmd->add_option("topic", alter->topic, "Name of the topic")->required();
    alter_cmd->add_option("--set", alter->set, "Config key=value to set (repeatable)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false)
        ->check(key_value_validator());
    alter_cmd->add_option("--delete", alter->remove, "Config to remove, back to its default (repeatable)")
        ->type_name("KEY")
        ->allow_extra_args(false);
    add_connection_options(*alter_cmd, alter->conn);
    alter_cmd->callback([chosen, alter] {
        if (alter->set.empty() && alter->remove.empty()) throw CLI::RequiredError("--set or --delete");
        chosen->run = [alter] { return run_alter_config(*alter); };
    });

    auto add = std::make_shared<add_partitions_options>();
    auto* add_cmd = topic.add_subcommand("add-partitions", "Add partitions to topics");
    add_cmd->add_option("topics", add->topics, "Names of the topics")->required();
    add_cmd->add_option("-n,--num", add->count, "How many partitions to add to each topic")
        ->required()
        ->check(CLI::Range(1, k_max_partitions_added));
    add_connection_options(*add_cmd, add->conn);
    on_parsed(*add_cmd, chosen, [add] { return run_add_partitions(*add); });
}

}  // namespace sb::cli

#include "cli/topic_commands.h"

#include <boost/json.hpp>

#include "cli/admin_call.h"
#include "cli/connection_options.h"
#include "cli/kafka_client.h"
#include "cli/key_value.h"
#include "cli/outcomes.h"
#include "cli/output.h"
#include "cli/topic_configs.h"
#include "cli/topic_metadata.h"

namespace sb::cli {
namespace {

// -1 lets the broker choose (its num.partitions and default.replication.factor).
constexpr int k_broker_default = -1;

struct create_options {
    connection_options conn;
    std::vector<std::string> topics;
    int partitions = k_broker_default;
    int replicas = k_broker_default;
    std::vector<std::string> configs;
    bool dry_run = false;
};

int run_create(const create_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();

    std::vector<rd_kafka_NewTopic_t*> topics;
    char errstr[512];
    for (const auto& name : o.topics) {
        auto* t = rd_kafka_NewTopic_new(name.c_str(), o.partitions, o.replicas, errstr, sizeof errstr);
        if (!t) {
            rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
            return fail("cannot create topic \"" + name + "\": " + errstr);
        }
        for (const auto& [key, value] : split_key_values(o.configs)) rd_kafka_NewTopic_set_config(t, key.c_str(), value.c_str());
        topics.push_back(t);
    }
    admin_call call(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, o.conn.timeout_ms);
    call.set_operation(o.dry_run);
    rd_kafka_CreateTopics(rk, topics.data(), topics.size(), call.options(), call.queue());
    rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
    auto ev = call.wait();
    if (!ev) return fail("cannot create topics: " + ev.error());
    size_t count = 0;
    const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev->get()), &count);
    return report_outcomes("TOPIC", "create topic", topic_outcomes(results, count));
}

struct delete_options {
    connection_options conn;
    std::vector<std::string> topics;
};

int run_delete(const delete_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();

    std::vector<rd_kafka_DeleteTopic_t*> topics;
    for (const auto& name : o.topics) topics.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
    admin_call call(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS, o.conn.timeout_ms);
    call.set_operation(false);
    rd_kafka_DeleteTopics(rk, topics.data(), topics.size(), call.options(), call.queue());
    rd_kafka_DeleteTopic_destroy_array(topics.data(), topics.size());
    auto ev = call.wait();
    if (!ev) return fail("cannot delete topics: " + ev.error());
    size_t count = 0;
    const auto** results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev->get()), &count);
    return report_outcomes("TOPIC", "delete topic", topic_outcomes(results, count));
}

struct list_options {
    connection_options conn;
    bool internal = false;
    bool json = false;
};

// Kafka's internal topics (__consumer_offsets, __transaction_state) are named so; librdkafka
// 2.0 does not pass on Metadata's is_internal flag.
bool is_internal(const topic_info& t) { return t.name.starts_with("__"); }

int run_list(const list_options& o) {
    auto client = open_client(o.conn, client_kind::producer);
    if (!client) return fail(client.error());
    auto md = fetch_metadata(client->get(), o.conn, true);
    if (!md) return fail(md.error());
    auto topics = topics_of(**md);
    if (!o.internal) std::erase_if(topics, is_internal);
    if (o.json) {
        boost::json::array out;
        for (const auto& t : topics) {
            out.push_back({{"name", t.name},
                           {"partitions", t.partitions.size()},
                           {"replicas", t.replication_factor()}});
        }
        print_json(out);
        return k_exit_ok;
    }
    table out({"NAME", "PARTITIONS", "REPLICAS"});
    for (const auto& t : topics)
        out.add_row({t.name, std::to_string(t.partitions.size()), std::to_string(t.replication_factor())});
    out.print();
    return k_exit_ok;
}

struct describe_options {
    connection_options conn;
    std::string topic;
    bool offsets = false;
    bool configs = false;
    bool json = false;
};

std::string leader_text(int32_t leader) { return leader < 0 ? "-" : std::to_string(leader); }

boost::json::object describe_json(const topic_info& t, const std::vector<offset_range>& marks,
                                  const std::vector<topic_config_entry>& configs, const describe_options& o) {
    boost::json::array partitions;
    for (std::size_t i = 0; i < t.partitions.size(); ++i) {
        const auto& p = t.partitions[i];
        boost::json::object jp{{"partition", p.id},
                               {"leader", p.leader},
                               {"replicas", boost::json::value_from(p.replicas)},
                               {"isr", boost::json::value_from(p.isr)}};
        if (o.offsets) {
            jp["log_start_offset"] = marks[i].log_start;
            jp["high_watermark"] = marks[i].high_watermark;
        }
        partitions.push_back(std::move(jp));
    }
    boost::json::object out{{"name", t.name}, {"replicas", t.replication_factor()}, {"partitions", std::move(partitions)}};
    if (o.configs) {
        boost::json::array jc;
        for (const auto& c : configs) {
            jc.push_back({{"name", c.name},
                          {"value", c.value ? boost::json::value(*c.value) : boost::json::value(nullptr)},
                          {"source", source_name(c.source)}});
        }
        out["configs"] = std::move(jc);
    }
    return out;
}

void print_describe_text(const topic_info& t, const std::vector<offset_range>& marks,
                         const std::vector<topic_config_entry>& configs, const describe_options& o) {
    print_fields({{"NAME", t.name},
                  {"PARTITIONS", std::to_string(t.partitions.size())},
                  {"REPLICAS", std::to_string(t.replication_factor())}});
    std::vector<std::string> headers{"PARTITION", "LEADER", "REPLICAS", "ISR"};
    if (o.offsets) headers.insert(headers.end(), {"LOG-START-OFFSET", "HIGH-WATERMARK"});
    table partitions(headers);
    for (std::size_t i = 0; i < t.partitions.size(); ++i) {
        const auto& p = t.partitions[i];
        std::vector<std::string> row{std::to_string(p.id), leader_text(p.leader), join_ids(p.replicas), join_ids(p.isr)};
        if (o.offsets) row.insert(row.end(), {std::to_string(marks[i].log_start), std::to_string(marks[i].high_watermark)});
        partitions.add_row(std::move(row));
    }
    std::printf("\n");
    partitions.print();
    if (!o.configs) return;
    table config_table({"CONFIG", "VALUE", "SOURCE"});
    for (const auto& c : configs) config_table.add_row({c.name, c.value.value_or("-"), source_name(c.source)});
    std::printf("\n");
    config_table.print();
}

int run_describe(const describe_options& o) {
    auto client = open_client(o.conn, client_kind::producer);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    auto t = fetch_topic(rk, o.conn, o.topic);
    if (!t) return fail(t.error());

    std::vector<offset_range> marks;
    for (std::size_t i = 0; o.offsets && i < t->partitions.size(); ++i) {
        auto range = partition_offset_range(rk, {o.topic, t->partitions[i].id}, o.conn.timeout_ms);
        if (!range) return fail(range.error());
        marks.push_back(*range);
    }
    std::vector<topic_config_entry> configs;
    if (o.configs) {
        auto described = describe_topic_configs(rk, o.topic, o.conn.timeout_ms);
        if (!described) return fail(described.error());
        configs = std::move(*described);
    }
    if (o.json) {
        print_json(describe_json(*t, marks, configs, o));
    } else {
        print_describe_text(*t, marks, configs, o);
    }
    return k_exit_ok;
}

void add_create(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<create_options>();
    auto* cmd = topic.add_subcommand("create", "Create topics");
    cmd->add_option("topics", o->topics, "Names of the topics")->required();
    cmd->add_option("-p,--partitions", o->partitions, "Partitions per topic (-1: the broker's default)")
        ->capture_default_str()
        ->check(CLI::Range(-1, 1000000));
    cmd->add_option("-r,--replicas", o->replicas, "Replicas per partition (-1: the broker's default)")
        ->capture_default_str()
        ->check(CLI::Range(-1, 32767));
    cmd->add_option("-c,--config", o->configs, "Topic config key=value (repeatable)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false)
        ->check(key_value_validator());
    cmd->add_flag("--dry-run", o->dry_run, "Only validate the request; create nothing");
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_create(*o); });
}

void add_delete(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<delete_options>();
    auto* cmd = topic.add_subcommand("delete", "Delete topics");
    cmd->add_option("topics", o->topics, "Names of the topics")->required();
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_delete(*o); });
}

void add_list(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<list_options>();
    auto* cmd = topic.add_subcommand("list", "List topics");
    cmd->add_flag("-i,--internal", o->internal, "Include internal topics (names starting with __)");
    add_json_flag(*cmd, o->json);
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_list(*o); });
}

void add_describe(CLI::App& topic, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<describe_options>();
    auto* cmd = topic.add_subcommand("describe", "Show a topic's partitions, and optionally offsets and configs");
    cmd->add_option("topic", o->topic, "Name of the topic")->required();
    cmd->add_flag("--offsets", o->offsets, "Add each partition's log start offset and high watermark");
    cmd->add_flag("--configs", o->configs, "Add the topic's configs");
    add_json_flag(*cmd, o->json);
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_describe(*o); });
}

}  // namespace

void add_topic_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen) {
    auto* topic = app.add_subcommand("topic", "Create, list, describe, change and delete topics");
    require_subcommand_of(*topic);
    add_create(*topic, chosen);
    add_list(*topic, chosen);
    add_describe(*topic, chosen);
    add_delete(*topic, chosen);
    add_topic_alter_commands(*topic, chosen);
}

}  // namespace sb::cli

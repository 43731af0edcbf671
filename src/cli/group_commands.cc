#include "cli/group_commands.h"

#include <map>

#include <boost/json.hpp>

#include "cli/admin_call.h"
#include "cli/connection_options.h"
#include "cli/group_admin.h"
#include "cli/kafka_client.h"
#include "cli/outcomes.h"
#include "cli/output.h"
#include "cli/validators.h"

namespace sb::cli {
namespace {

struct list_options {
    connection_options conn;
    bool json = false;
};

int run_list(const list_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    admin_call call(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, o.conn.timeout_ms);
    rd_kafka_ListConsumerGroups(rk, call.options(), call.queue());
    auto ev = call.wait();
    if (!ev) return fail("cannot list groups: " + ev.error());
    const auto* res = rd_kafka_event_ListConsumerGroups_result(ev->get());
    size_t error_count = 0;
    const auto** errors = rd_kafka_ListConsumerGroups_result_errors(res, &error_count);
    if (error_count > 0)
        return fail("cannot list groups: " + describe_error(rd_kafka_error_code(errors[0]), rd_kafka_error_string(errors[0])));

    size_t count = 0;
    const auto** listings = rd_kafka_ListConsumerGroups_result_valid(res, &count);
    std::map<std::string, std::string> groups;  // by name
    for (size_t i = 0; i < count; ++i) {
        groups[rd_kafka_ConsumerGroupListing_group_id(listings[i])] =
            rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listings[i]));
    }
    if (o.json) {
        boost::json::array out;
        for (const auto& [name, state] : groups) out.push_back({{"group", name}, {"state", state}});
        print_json(out);
        return k_exit_ok;
    }
    table out({"GROUP", "STATE"});
    for (const auto& [name, state] : groups) out.add_row({name, state});
    out.print();
    return k_exit_ok;
}

struct describe_options {
    connection_options conn;
    std::string group;
    bool json = false;
};

// One row of `group describe`: a partition the group has an offset for or is assigned.
struct partition_row {
    topic_partition tp;
    std::optional<int64_t> committed;
    int64_t log_end = 0;
    std::string member_id;  // empty: not assigned
};

result<std::vector<partition_row>, std::string> partition_rows(rd_kafka_t* rk, const group_description& g,
                                                               const describe_options& o) {
    auto committed = list_committed_offsets(rk, g.group, o.conn.timeout_ms);
    if (!committed) return unexpected(committed.error());
    std::map<topic_partition, partition_row> rows;
    for (const auto& c : *committed) rows[c.tp] = {c.tp, c.offset, 0, {}};
    for (const auto& m : g.members) {
        for (const auto& tp : m.assignment) {
            rows[tp].tp = tp;
            rows[tp].member_id = m.member_id;
        }
    }
    std::vector<partition_row> out;
    for (auto& [tp, row] : rows) {
        auto range = partition_offset_range(rk, tp, o.conn.timeout_ms);
        if (!range) return unexpected(range.error());
        row.log_end = range->high_watermark;
        out.push_back(std::move(row));
    }
    return out;
}

boost::json::value optional_json(const std::optional<int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

void print_describe_json(const group_description& g, const std::vector<partition_row>& rows) {
    boost::json::array members;
    for (const auto& m : g.members) {
        boost::json::array assignment;
        for (const auto& tp : m.assignment) assignment.push_back({{"topic", tp.topic}, {"partition", tp.partition}});
        members.push_back({{"member_id", m.member_id},
                           {"instance_id", m.instance_id.empty() ? boost::json::value(nullptr) : boost::json::value(m.instance_id)},
                           {"client_id", m.client_id},
                           {"host", m.host},
                           {"assignment", std::move(assignment)}});
    }
    boost::json::array offsets;
    for (const auto& r : rows) {
        std::optional<int64_t> lag;
        if (r.committed) lag = r.log_end - *r.committed;
        offsets.push_back({{"topic", r.tp.topic},
                           {"partition", r.tp.partition},
                           {"current_offset", optional_json(r.committed)},
                           {"log_end_offset", r.log_end},
                           {"lag", optional_json(lag)},
                           {"member_id", r.member_id.empty() ? boost::json::value(nullptr) : boost::json::value(r.member_id)}});
    }
    print_json(boost::json::object{{"group", g.group},
                                   {"coordinator", g.coordinator},
                                   {"state", g.state},
                                   {"assignor", g.assignor.empty() ? boost::json::value(nullptr) : boost::json::value(g.assignor)},
                                   {"members", std::move(members)},
                                   {"offsets", std::move(offsets)}});
}

void print_describe_text(const group_description& g, const std::vector<partition_row>& rows) {
    print_fields({{"GROUP", g.group},
                  {"COORDINATOR", g.coordinator < 0 ? "-" : std::to_string(g.coordinator)},
                  {"STATE", g.state},
                  {"ASSIGNOR", g.assignor.empty() ? "-" : g.assignor},
                  {"MEMBERS", std::to_string(g.members.size())}});
    std::map<std::string, const group_member*> members;
    for (const auto& m : g.members) members[m.member_id] = &m;
    table out({"TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "MEMBER-ID", "CLIENT-ID", "HOST"});
    for (const auto& r : rows) {
        const group_member* m = r.member_id.empty() ? nullptr : members[r.member_id];
        out.add_row({r.tp.topic, std::to_string(r.tp.partition), r.committed ? std::to_string(*r.committed) : "-",
                     std::to_string(r.log_end), r.committed ? std::to_string(r.log_end - *r.committed) : "-",
                     m ? m->member_id : "-", m ? m->client_id : "-", m ? m->host : "-"});
    }
    // A member without partitions (more members than partitions) still gets a row, as
    // in Kafka's kafka-consumer-groups, so that every member is visible.
    for (const auto& m : g.members) {
        if (m.assignment.empty()) out.add_row({"-", "-", "-", "-", "-", m.member_id, m.client_id, m.host});
    }
    std::printf("\n");
    out.print();
}

int run_describe(const describe_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    auto g = describe_group(rk, o.group, o.conn.timeout_ms);
    if (!g) return fail(g.error());
    // DescribeGroups answers Dead for a group id the coordinator does not know.
    if (g->state == k_group_state_dead) return fail("group \"" + o.group + "\" does not exist");
    auto rows = partition_rows(rk, *g, o);
    if (!rows) return fail(rows.error());
    if (o.json) {
        print_describe_json(*g, *rows);
    } else {
        print_describe_text(*g, *rows);
    }
    return k_exit_ok;
}

struct delete_options {
    connection_options conn;
    std::vector<std::string> groups;
};

int run_delete(const delete_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    std::vector<rd_kafka_DeleteGroup_t*> requests;
    for (const auto& name : o.groups) requests.push_back(rd_kafka_DeleteGroup_new(name.c_str()));
    admin_call call(rk, RD_KAFKA_ADMIN_OP_DELETEGROUPS, o.conn.timeout_ms);
    rd_kafka_DeleteGroups(rk, requests.data(), requests.size(), call.options(), call.queue());
    rd_kafka_DeleteGroup_destroy_array(requests.data(), requests.size());
    auto ev = call.wait();
    if (!ev) return fail("cannot delete groups: " + ev.error());
    size_t count = 0;
    const auto** results = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(ev->get()), &count);
    std::vector<item_outcome> outcomes;
    for (size_t i = 0; i < count; ++i) {
        const auto* err = rd_kafka_group_result_error(results[i]);
        outcomes.push_back({rd_kafka_group_result_name(results[i]), err ? rd_kafka_error_code(err) : RD_KAFKA_RESP_ERR_NO_ERROR,
                            err ? rd_kafka_error_string(err) : ""});
    }
    return report_outcomes("GROUP", "delete group", outcomes);
}

}  // namespace

void add_group_commands(CLI::App& app, const std::shared_ptr<chosen_command>& chosen) {
    auto* group = app.add_subcommand("group", "List, describe, delete consumer groups and reset their offsets");
    require_subcommand_of(*group);

    auto list = std::make_shared<list_options>();
    auto* list_cmd = group->add_subcommand("list", "List consumer groups");
    add_json_flag(*list_cmd, list->json);
    add_connection_options(*list_cmd, list->conn);
    on_parsed(*list_cmd, chosen, [list] { return run_list(*list); });

    auto describe = std::make_shared<describe_options>();
    auto* describe_cmd = group->add_subcommand("describe", "Show a group's members, offsets and lag");
    describe_cmd->add_option("group", describe->group, "Name of the group")->required()->check(not_empty("a group id"));
    add_json_flag(*describe_cmd, describe->json);
    add_connection_options(*describe_cmd, describe->conn);
    on_parsed(*describe_cmd, chosen, [describe] { return run_describe(*describe); });

    auto del = std::make_shared<delete_options>();
    auto* delete_cmd = group->add_subcommand("delete", "Delete groups that have no members");
    delete_cmd->add_option("groups", del->groups, "Names of the groups")->required()->check(not_empty("a group id"));
    add_connection_options(*delete_cmd, del->conn);
    on_parsed(*delete_cmd, chosen, [del] { return run_delete(*del); });

    add_group_reset_offsets_command(*group, chosen);
}

}  // namespace sb::cli

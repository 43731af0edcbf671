// `group reset-offsets`: move a group's committed offsets while it has no members.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>

#include <boost/json.hpp>

#include "cli/admin_call.h"
#include "cli/connection_options.h"
#include "cli/datetime.h"
#include "cli/group_admin.h"
#include "cli/group_commands.h"
#include "cli/kafka_client.h"
#include "cli/output.h"
#include "cli/topic_metadata.h"
#include "cli/validators.h"

namespace sb::cli {
namespace {

struct reset_options {
    connection_options conn;
    std::string group;
    std::vector<std::string> topics;  // "topic" or "topic:0,1"
    bool to_earliest = false;
    bool to_latest = false;
    std::optional<int64_t> to_offset;
    std::string to_datetime;
    std::optional<int64_t> shift_by;
    bool dry_run = false;
    bool json = false;
};

struct topic_selection {
    std::string topic;
    std::vector<int32_t> partitions;  // empty: all
};

// "orders" or "orders:0,2"; nullopt when the partition list does not parse.
std::optional<topic_selection> parse_topic_selection(std::string_view text) {
    auto colon = text.find(':');
    topic_selection out{std::string(text.substr(0, colon)), {}};
    if (out.topic.empty()) return std::nullopt;
    if (colon == std::string_view::npos) return out;
    std::string_view rest = text.substr(colon + 1);
    while (true) {
        auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        int32_t p = 0;
        auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), p);
        if (item.empty() || ec != std::errc() || end != item.data() + item.size() || p < 0) return std::nullopt;
        out.partitions.push_back(p);
        if (comma == std::string_view::npos) return out;
        rest = rest.substr(comma + 1);
    }
}

// The partitions to reset: those named with --topic, or every partition the group has an
// offset for.
result<std::vector<topic_partition>, std::string> chosen_partitions(rd_kafka_t* rk, const reset_options& o,
                                                                    const std::vector<committed_offset>& committed) {
    std::vector<topic_partition> out;
    if (o.topics.empty()) {
        for (const auto& c : committed) out.push_back(c.tp);
        if (out.empty()) return unexpected("group \"" + o.group + "\" has no committed offsets; name topics with --topic");
        return out;
    }
    for (const auto& text : o.topics) {
        auto sel = parse_topic_selection(text);  // checked while parsing
        auto t = fetch_topic(rk, o.conn, sel->topic);
        if (!t) return unexpected(t.error());
        for (const auto& p : t->partitions) {
            if (sel->partitions.empty() || std::count(sel->partitions.begin(), sel->partitions.end(), p.id))
                out.push_back({t->name, p.id});
        }
        for (int32_t wanted : sel->partitions) {
            if (!std::count(out.begin(), out.end(), topic_partition{t->name, wanted}))
                return unexpected("topic \"" + t->name + "\" has no partition " + std::to_string(wanted));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

struct reset_plan_row {
    topic_partition tp;
    std::optional<int64_t> current;
    int64_t target = 0;
};

// Where one partition's offset goes, kept within the partition's offset range.
result<int64_t, std::string> target_offset(rd_kafka_t* rk, const reset_options& o, const topic_partition& tp,
                                           std::optional<int64_t> current) {
    auto range = partition_offset_range(rk, tp, o.conn.timeout_ms);
    if (!range) return unexpected(range.error());
    auto clamp = [&](int64_t v) { return std::clamp(v, range->log_start, range->high_watermark); };
    if (o.to_earliest) return range->log_start;
    if (o.to_latest) return range->high_watermark;
    if (o.to_offset) return clamp(*o.to_offset);
    if (o.shift_by) {
        if (!current) {
            return unexpected("group \"" + o.group + "\" has no offset for \"" + tp.topic + "\" partition " +
                              std::to_string(tp.partition) + " to shift");
        }
        // A shift past either end of int64 lands on that end of the range.
        int64_t shifted = 0;
        if (__builtin_add_overflow(*current, *o.shift_by, &shifted)) shifted = *o.shift_by < 0 ? INT64_MIN : INT64_MAX;
        return clamp(shifted);
    }
    // --to-datetime: the first record at or after it, or the end when there is none.
    partition_list_ptr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = *parse_datetime_ms(o.to_datetime);
    auto err = rd_kafka_offsets_for_times(rk, list.get(), o.conn.timeout_ms);
    if (!err) err = list->elems[0].err;
    if (err) return unexpected("cannot find the offset for " + o.to_datetime + " in \"" + tp.topic + "\" partition " +
                               std::to_string(tp.partition) + ": " + describe_error(err));
    return list->elems[0].offset < 0 ? range->high_watermark : list->elems[0].offset;
}

// Commits the new offsets for the group (AlterConsumerGroupOffsets; it fails while the
// group has members).
result<void, std::string> commit_offsets(rd_kafka_t* rk, const reset_options& o, const std::vector<reset_plan_row>& plan) {
    partition_list_ptr list(rd_kafka_topic_partition_list_new(static_cast<int>(plan.size())));
    for (const auto& row : plan)
        rd_kafka_topic_partition_list_add(list.get(), row.tp.topic.c_str(), row.tp.partition)->offset = row.target;
    rd_kafka_AlterConsumerGroupOffsets_t* request = rd_kafka_AlterConsumerGroupOffsets_new(o.group.c_str(), list.get());
    admin_call call(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, o.conn.timeout_ms);
    rd_kafka_AlterConsumerGroupOffsets(rk, &request, 1, call.options(), call.queue());
    rd_kafka_AlterConsumerGroupOffsets_destroy(request);
    auto ev = call.wait();
    std::string what = "cannot reset the offsets of group \"" + o.group + "\": ";
    if (!ev) return unexpected(what + ev.error());
    size_t count = 0;
    const auto** groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
        rd_kafka_event_AlterConsumerGroupOffsets_result(ev->get()), &count);
    if (count != 1) return unexpected(what + "no result");
    if (const auto* err = rd_kafka_group_result_error(groups[0]))
        return unexpected(what + describe_error(rd_kafka_error_code(err), rd_kafka_error_string(err)));
    const auto* results = rd_kafka_group_result_partitions(groups[0]);
    for (int i = 0; results && i < results->cnt; ++i) {
        const auto& e = results->elems[i];
        if (e.err) return unexpected(what + "\"" + e.topic + "\" partition " + std::to_string(e.partition) + ": " + describe_error(e.err));
    }
    return {};
}

void print_plan(const std::vector<reset_plan_row>& plan, bool json) {
    if (json) {
        boost::json::array out;
        for (const auto& r : plan) {
            out.push_back({{"topic", r.tp.topic},
                           {"partition", r.tp.partition},
                           {"current_offset", r.current ? boost::json::value(*r.current) : boost::json::value(nullptr)},
                           {"new_offset", r.target}});
        }
        print_json(out);
        return;
    }
    table out({"TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET"});
    for (const auto& r : plan) {
        out.add_row({r.tp.topic, std::to_string(r.tp.partition), r.current ? std::to_string(*r.current) : "-",
                     std::to_string(r.target)});
    }
    out.print();
}

int run_reset(const reset_options& o) {
    auto client = connect_admin_client(o.conn);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    auto g = describe_group(rk, o.group, o.conn.timeout_ms);
    if (!g) return fail(g.error());
    // As Kafka's tool does: offsets move only while the group is inactive, because its
    // members would overwrite them with their next commit. A plan can always be shown.
    bool inactive = g->state == k_group_state_empty || g->state == k_group_state_dead;
    if (!inactive && !o.dry_run) {
        return fail("cannot reset the offsets of group \"" + o.group + "\": it is " + g->state + " with " +
                    std::to_string(g->members.size()) + (g->members.size() == 1 ? " member" : " members") +
                    "; stop its consumers first (--dry-run shows the plan)");
    }
    auto committed = list_committed_offsets(rk, o.group, o.conn.timeout_ms);
    if (!committed) return fail(committed.error());
    std::map<topic_partition, int64_t> current;
    for (const auto& c : *committed) current[c.tp] = c.offset;

    auto partitions = chosen_partitions(rk, o, *committed);
    if (!partitions) return fail(partitions.error());
    std::vector<reset_plan_row> plan;
    for (const auto& tp : *partitions) {
        std::optional<int64_t> now;
        if (auto it = current.find(tp); it != current.end()) now = it->second;
        auto target = target_offset(rk, o, tp, now);
        if (!target) return fail(target.error());
        plan.push_back({tp, now, *target});
    }
    if (!o.dry_run) {
        if (auto done = commit_offsets(rk, o, plan); !done) return fail(done.error());
    }
    print_plan(plan, o.json);
    return k_exit_ok;
}

}  // namespace

void add_group_reset_offsets_command(CLI::App& group, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<reset_options>();
    auto* cmd = group.add_subcommand("reset-offsets", "Move a group's committed offsets (the group must have no members)");
    cmd->add_option("group", o->group, "Name of the group")->required()->check(not_empty("a group id"));
    cmd->add_option("-t,--topic", o->topics, "TOPIC or TOPIC:P,P... (repeatable; default: every partition the group has an offset for)")
        ->allow_extra_args(false)
        ->check(parses_as([](std::string_view t) { return parse_topic_selection(t).has_value(); },
                          "TOPIC or TOPIC:PARTITION,PARTITION..."));
    auto* target = cmd->add_option_group("target", "Where the offsets go (exactly one)");
    target->add_flag("--to-earliest", o->to_earliest, "To each partition's log start offset");
    target->add_flag("--to-latest", o->to_latest, "To each partition's end");
    target->add_option("--to-offset", o->to_offset, "To this offset (kept within the partition's range)")
        ->check(CLI::Range(int64_t{0}, INT64_MAX));
    target->add_option("--to-datetime", o->to_datetime, "To the first record at or after YYYY-MM-DDTHH:MM:SS[.mmm]Z")
        ->check(parses_as([](std::string_view t) { return parse_datetime_ms(t).has_value(); },
                          "YYYY-MM-DDTHH:MM:SS[.mmm] with Z or +HH:MM"));
    target->add_option("--shift-by", o->shift_by, "By N (negative: back) from the committed offset")
        ->check(CLI::Range(INT64_MIN, INT64_MAX));
    target->require_option(1);
    cmd->add_flag("--dry-run", o->dry_run, "Print the new offsets without committing them");
    add_json_flag(*cmd, o->json);
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_reset(*o); });
}

}  // namespace sb::cli

#include "cli/consume_command.h"

#include <chrono>
#include <csignal>
#include <set>

#include "cli/connection_options.h"
#include "cli/consume_rebalance.h"
#include "cli/consume_start.h"
#include "cli/kafka_client.h"
#include "cli/offset_spec.h"
#include "cli/record_format.h"
#include "cli/topic_metadata.h"
#include "cli/validators.h"

namespace sb::cli {
namespace {

// How long one poll waits, which bounds how late a signal or -e is noticed.
constexpr int k_poll_interval_ms = 100;
// librdkafka needs a group id to assign partitions; without --group it is never sent,
// because nothing is subscribed or committed.
constexpr const char* k_assign_only_group = "streambus-cli-no-group";

volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void request_stop(int) { g_stop_requested = 1; }

struct consume_options {
    connection_options conn;
    std::vector<std::string> topics;
    std::string group;
    std::vector<int> partitions;
    std::string offset = "earliest";
    int64_t count = 0;  // 0: no limit
    bool exit_at_end = false;
    std::string format = k_default_record_format;
    bool json = false;
};

record_view view_of(const rd_kafka_message_t* m) {
    record_view r;
    r.topic = rd_kafka_topic_name(m->rkt);
    r.partition = m->partition;
    r.offset = m->offset;
    r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
    if (m->key) r.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) r.value = std::string_view(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
            std::optional<std::string_view> v;
            if (value) v = std::string_view(static_cast<const char*>(value), size);
            r.headers.emplace_back(name, v);
        }
    }
    return r;
}

// Errors librdkafka recovers from by itself (a broker restarting, a connection dropped).
bool is_transient(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
           err == RD_KAFKA_RESP_ERR__RESOLVE;
}

// Whether every partition currently assigned has been read to its end (for -e).
bool all_at_end(rd_kafka_t* rk, const std::set<std::pair<std::string, int32_t>>& at_end) {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(rk, &raw)) return false;
    partition_list_ptr assigned(raw);
    if (assigned->cnt == 0) return false;
    for (int i = 0; i < assigned->cnt; ++i) {
        if (!at_end.contains({assigned->elems[i].topic, assigned->elems[i].partition})) return false;
    }
    return true;
}

client_settings consumer_settings(const consume_options& o, const offset_spec& start, group_assignment_state* group) {
    bool grouped = !o.group.empty();
    std::string reset = start.what == offset_spec::kind::latest ? "latest" : "earliest";
    client_settings settings{{{"group.id", grouped ? o.group : k_assign_only_group},
                              {"enable.auto.commit", grouped ? "true" : "false"},
                              {"auto.offset.reset", reset},
                              {"enable.partition.eof", o.exit_at_end ? "true" : "false"}},
                             {}};
    if (grouped) settings.install_callbacks = [group](rd_kafka_conf_t* conf) { install_rebalance_callback(conf, group); };
    return settings;
}

// Reads until -n records, -e, or a signal. Returns the exit code.
int read_records(rd_kafka_t* rk, const consume_options& o, const record_format& format,
                 const group_assignment_state& group) {
    std::set<std::pair<std::string, int32_t>> at_end;
    int64_t printed = 0;
    std::string out;
    auto last_heard = std::chrono::steady_clock::now();  // a record, an end of partition or an error
    while (!g_stop_requested && (o.count == 0 || printed < o.count)) {
        std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> m(rd_kafka_consumer_poll(rk, k_poll_interval_ms),
                                                                            rd_kafka_message_destroy);
        // Following a topic outlives a broker restart; a read that is to end (-e) does not
        // wait for the brokers longer than any other command. librdkafka reports lost
        // brokers only in its log, so a quiet --timeout-ms is checked with a metadata request.
        const auto now = std::chrono::steady_clock::now();
        if (m) {
            last_heard = now;
        } else if (o.exit_at_end && now - last_heard >= std::chrono::milliseconds(o.conn.timeout_ms)) {
            if (auto md = fetch_metadata(rk, o.conn, false); !md) return fail(md.error());
            last_heard = std::chrono::steady_clock::now();
        }
        if (!m) {
            // With -e, a member that the group gave no partition has read all it was given.
            if (o.exit_at_end && group.holds_nothing) break;
            continue;
        }
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            at_end.insert({rd_kafka_topic_name(m->rkt), m->partition});
            if (o.exit_at_end && all_at_end(rk, at_end)) break;
            continue;
        }
        if (m->err) {
            if (is_transient(m->err)) continue;
            return fail("cannot consume: " + describe_error(m->err, rd_kafka_message_errstr(m.get())));
        }
        at_end.erase({rd_kafka_topic_name(m->rkt), m->partition});
        auto r = view_of(m.get());
        out.clear();
        if (o.json) {
            render_record_json(r, out);
        } else {
            format.render(r, out);
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        ++printed;
    }
    return k_exit_ok;
}

int run_consume(const consume_options& o) {
    auto start = parse_offset_spec(o.offset);  // checked while parsing
    auto format = record_format::parse(o.format);
    if (!start || !format) return fail("invalid --offset or --format");

    group_assignment_state group;  // outlives the client, which the callback reaches it through
    auto client = open_client(o.conn, client_kind::consumer, consumer_settings(o, *start, &group));
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    std::vector<topic_info> topics;
    for (const auto& name : o.topics) {
        auto t = fetch_topic(rk, o.conn, name);
        if (!t) return fail(t.error());
        topics.push_back(std::move(*t));
    }

    if (o.group.empty()) {
        auto positions = start_positions(rk, o.conn, topics, o.partitions, *start);
        if (!positions) return fail(positions.error());
        if (auto err = rd_kafka_assign(rk, positions->get())) return fail("cannot assign partitions: " + describe_error(err));
    } else {
        partition_list_ptr subscription(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
        for (const auto& t : topics) rd_kafka_topic_partition_list_add(subscription.get(), t.name.c_str(), RD_KAFKA_PARTITION_UA);
        if (auto err = rd_kafka_subscribe(rk, subscription.get())) return fail("cannot subscribe: " + describe_error(err));
    }

    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    int code = read_records(rk, o, *format, group);
    // Leaves the group and commits what was read (with --group); nothing to do otherwise.
    rd_kafka_consumer_close(rk);
    return code;
}

}  // namespace

void add_consume_command(CLI::App& app, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<consume_options>();
    auto* cmd = app.add_subcommand("consume", "Print records from topics");
    cmd->add_option("topics", o->topics, "Topics to read")->required();
    auto* group = cmd->add_option("-g,--group", o->group, "Read as a member of this consumer group (commits offsets)")
                      ->check(not_empty("a group id"));
    cmd->add_option("-p,--partition", o->partitions, "Read only this partition (repeatable; default: all)")
        ->allow_extra_args(false)
        ->check(CLI::Range(0, INT32_MAX))
        ->excludes(group);
    cmd->add_option("-o,--offset", o->offset,
                    "Start at earliest, latest, OFFSET, -N (N before the end) or @TIMESTAMP_MS; with --group, "
                    "only earliest or latest, for partitions without a committed offset")
        ->capture_default_str()
        ->check(offset_spec_validator());
    cmd->add_option("-n,--count", o->count, "Exit after this many records")->check(CLI::Range(int64_t{1}, INT64_MAX));
    cmd->add_flag("-e,--exit", o->exit_at_end, "Exit once every partition has been read to its end");
    auto* format = cmd->add_option("-f,--format", o->format, "Output format (kcat's tokens, see docs/cli.md)")
                       ->capture_default_str()
                       ->check(checked_by([](const std::string& text) {
                           auto f = record_format::parse(text);
                           return f ? std::string() : f.error();
                       }));
    cmd->add_flag("--json", o->json, "Print each record as one line of JSON")->excludes(format);
    add_connection_options(*cmd, o->conn);
    cmd->callback([chosen, o] {
        auto start = parse_offset_spec(o->offset);
        bool reset_policy = start && (start->what == offset_spec::kind::earliest || start->what == offset_spec::kind::latest);
        if (!o->group.empty() && !reset_policy)
            throw CLI::ValidationError("--offset", "with --group, only earliest or latest");
        chosen->run = [o] { return run_consume(*o); };
    });
}

}  // namespace sb::cli

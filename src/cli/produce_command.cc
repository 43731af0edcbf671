#include "cli/produce_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#include "cli/connection_options.h"
#include "cli/delivery_wakeup.h"
#include "cli/kafka_client.h"
#include "cli/key_value.h"
#include "cli/line_reader.h"
#include "cli/owned_fd.h"
#include "cli/topic_metadata.h"
#include "cli/validators.h"

namespace sb::cli {
namespace {

// Kafka's default max.message.bytes is about 1 MiB; a longer line would be refused anyway.
constexpr std::size_t k_default_max_record_bytes = 1 << 20;
constexpr std::size_t k_max_record_bytes_limit = 64 << 20;
// How long one wait for room in librdkafka's queue lasts before trying again.
constexpr int k_queue_full_wait_ms = 100;

struct produce_options {
    connection_options conn;
    std::string topic;
    std::string file;  // empty: stdin
    std::optional<std::string> key;
    std::optional<std::string> key_separator;
    std::vector<std::string> headers;
    int partition = RD_KAFKA_PARTITION_UA;  // -1: librdkafka's partitioner chooses
    std::string compression = "none";
    std::string acks = "all";
    std::size_t max_record_bytes = k_default_max_record_bytes;
    bool verbose = false;
};

// What the delivery reports said. Filled on this thread, inside rd_kafka_poll/flush.
struct delivery_tally {
    bool verbose = false;
    std::size_t delivered = 0;
    std::size_t failed = 0;
    std::string first_error;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* tally = static_cast<delivery_tally*>(opaque);
    if (m->err) {
        if (tally->failed++ == 0) tally->first_error = describe_error(m->err);
        return;
    }
    ++tally->delivered;
    if (!tally->verbose) return;
    // Reports come in per partition, not in input order: the line number says which record.
    auto line = static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(m->_private));
    const char* topic = rd_kafka_topic_name(m->rkt);
    if (m->offset >= 0) {
        std::printf("line %llu produced to %s/%d at offset %lld\n", line, topic, static_cast<int>(m->partition),
                    static_cast<long long>(m->offset));
    } else {  // acks=0: the broker does not say
        std::printf("line %llu produced to %s/%d\n", line, topic, static_cast<int>(m->partition));
    }
}

// The record's key and value from one input line.
struct record_text {
    std::optional<std::string_view> key;
    std::string_view value;
};

record_text split_record(const produce_options& o, std::string_view line) {
    if (o.key) return {std::string_view(*o.key), line};
    if (o.key_separator) {
        auto at = line.find(*o.key_separator);
        if (at != std::string_view::npos) return {line.substr(0, at), line.substr(at + o.key_separator->size())};
    }
    return {std::nullopt, line};
}

rd_kafka_headers_t* make_headers(const std::vector<key_value>& headers) {
    if (headers.empty()) return nullptr;
    rd_kafka_headers_t* h = rd_kafka_headers_new(headers.size());
    for (const auto& [name, value] : headers)
        rd_kafka_header_add(h, name.data(), static_cast<ssize_t>(name.size()), value.data(), static_cast<ssize_t>(value.size()));
    return h;
}

// Hands one record to librdkafka, waiting for room while its queue is full.
rd_kafka_resp_err_t send(rd_kafka_t* rk, const produce_options& o, const record_text& r,
                         const std::vector<key_value>& headers, std::size_t line_number) {
    const char* key = r.key ? r.key->data() : nullptr;  // null: the record has no key
    std::size_t key_size = r.key ? r.key->size() : 0;
    for (;;) {
        rd_kafka_headers_t* h = make_headers(headers);
        auto err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(o.topic.c_str()), RD_KAFKA_V_PARTITION(o.partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
            RD_KAFKA_V_KEY(key, key_size), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(line_number))), RD_KAFKA_V_END);
        if (!err) return err;  // librdkafka owns the headers now
        if (h) rd_kafka_headers_destroy(h);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) return err;
        rd_kafka_poll(rk, k_queue_full_wait_ms);
    }
}

// The input: stdin, or the file given with --file.
result<owned_fd, std::string> open_input(const produce_options& o) {
    if (o.file.empty()) return owned_fd();
    int fd = ::open(o.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return unexpected("cannot open " + o.file + ": " + std::strerror(errno));
    return owned_fd(fd);
}

int run_produce(const produce_options& o) {
    auto file = open_input(o);
    if (!file) return fail(file.error());
    const int input_fd = o.file.empty() ? STDIN_FILENO : file->get();
    const std::string input_name = o.file.empty() ? std::string("stdin") : o.file;

    delivery_tally tally{o.verbose};
    client_settings settings{{{"acks", o.acks}, {"compression.codec", o.compression}},
                             [&tally](rd_kafka_conf_t* conf) {
                                 rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
                                 rd_kafka_conf_set_opaque(conf, &tally);
                             }};
    auto client = open_client(o.conn, client_kind::producer, settings);
    if (!client) return fail(client.error());
    rd_kafka_t* rk = client->get();
    // Checked up front: librdkafka would otherwise hold the records until they time out.
    auto topic = fetch_topic(rk, o.conn, o.topic, topic_lookup::create_if_allowed);
    if (!topic) return fail(topic.error());
    if (o.partition >= static_cast<int>(topic->partitions.size()))
        return fail("topic \"" + o.topic + "\" has no partition " + std::to_string(o.partition));
    // Declared after the client, so destroyed before it.
    auto wakeup = delivery_wakeup::open(rk);
    if (!wakeup) return fail(wakeup.error());

    auto headers = split_key_values(o.headers);
    line_reader reader(input_fd, o.max_record_bytes);
    std::string_view line;
    std::size_t line_number = 0;
    for (;;) {
        auto status = reader.next(line);
        if (status == line_status::end) break;
        if (status == line_status::need_input) {
            // Lines already read are sent first; only then does the command wait.
            if (auto ready = wakeup->serve_until_readable(input_fd); !ready)
                return fail("cannot wait for " + input_name + ": " + std::strerror(ready.error()));
            if (auto read = reader.fill(); !read)
                return fail("cannot read " + input_name + ": " + std::strerror(read.error()));
            continue;
        }
        ++line_number;
        if (status == line_status::too_long) {
            rd_kafka_flush(rk, o.conn.timeout_ms);  // the lines before it are delivered, as documented
            return fail("line " + std::to_string(line_number) + " is longer than --max-record-bytes (" +
                        std::to_string(o.max_record_bytes) + ")");
        }
        if (auto err = send(rk, o, split_record(o, line), headers, line_number))
            return fail("cannot produce to \"" + o.topic + "\": " + describe_error(err));
        rd_kafka_poll(rk, 0);  // serve delivery reports as they come
    }

    rd_kafka_flush(rk, o.conn.timeout_ms);
    std::fflush(stdout);
    if (auto waiting = rd_kafka_outq_len(rk); waiting > 0) {
        return fail(std::to_string(waiting) + (waiting == 1 ? " record" : " records") + " not delivered within " +
                    std::to_string(o.conn.timeout_ms) + " ms");
    }
    if (tally.failed > 0) {
        return fail(std::to_string(tally.failed) + " of " + std::to_string(line_number) +
                    " records not delivered to \"" + o.topic + "\": " + tally.first_error);
    }
    return k_exit_ok;
}

}  // namespace

void add_produce_command(CLI::App& app, const std::shared_ptr<chosen_command>& chosen) {
    auto o = std::make_shared<produce_options>();
    auto* cmd = app.add_subcommand("produce", "Produce one record per input line (stdin, or --file)");
    cmd->add_option("topic", o->topic, "Topic to produce to")->required();
    cmd->add_option("-f,--file", o->file, "Read lines from this file instead of stdin")->check(CLI::ExistingFile);
    auto* key = cmd->add_option("-k,--key", o->key, "Key of every record");
    cmd->add_option("-K,--key-separator", o->key_separator,
                    "Split each line at the first SEP into key and value (no SEP: no key)")
        ->type_name("SEP")
        ->excludes(key)
        ->check(checked_by([](const std::string& s) { return s.empty() ? std::string("must not be empty") : ""; }));
    cmd->add_option("-H,--header", o->headers, "Header key=value on every record (repeatable)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false)
        ->check(key_value_validator());
    cmd->add_option("-p,--partition", o->partition, "Partition (-1: chosen by key hash, or at random without key)")
        ->capture_default_str()
        ->check(CLI::Range(-1, INT32_MAX));
    cmd->add_option("-z,--compression", o->compression, "Compression codec")
        ->capture_default_str()
        ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}));
    cmd->add_option("--acks", o->acks, "Acknowledgements to wait for: all (-1), 1 or 0")
        ->capture_default_str()
        ->check(CLI::IsMember({"all", "-1", "0", "1"}));
    cmd->add_option("--max-record-bytes", o->max_record_bytes, "Longest line accepted")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, k_max_record_bytes_limit));
    cmd->add_flag("-v,--verbose", o->verbose, "Print each line's partition and offset once delivered");
    add_connection_options(*cmd, o->conn);
    on_parsed(*cmd, chosen, [o] { return run_produce(*o); });
}

}  // namespace sb::cli

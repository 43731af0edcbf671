// sb_loadgen: runs one workload against a broker and reports throughput and latency
// (bench/README.md).
//
//   sb_loadgen --driver rdkafka|raw|nats --brokers HOST:PORT --workload FILE.yaml
//              [--rate MSGS_PER_S] [--duration-s N] [--warmup-s N] [--acks 1|all]
//              [--topic NAME] [--json OUT.json]
//
// Exit status 0 when every message sent was acknowledged and consumed; otherwise 1, with
// one line on stderr that names the problem (the figures are still printed when the run
// got that far). 2 for a usage error.
#include <cstdio>
#include <fstream>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "loadgen/core/report.h"
#include "loadgen/drivers/driver.h"

namespace sb::loadgen {
namespace {

// Failed messages above this share of those sent fail the run (a few failures under
// overload are part of the figures; more mean the figures are not of a working system).
constexpr double k_max_error_ratio = 0.001;

struct options {
    std::string driver;
    std::string brokers;
    std::string workload_path;
    std::optional<double> rate;
    std::optional<double> duration_s;
    std::optional<double> warmup_s;
    std::string acks = "all";
    std::string topic;
    std::string json_path;
};

int fail(const std::string& problem) {
    std::fprintf(stderr, "sb_loadgen: %s\n", problem.c_str());
    return 1;
}

result<run_plan, std::string> make_plan(const options& o) {
    auto w = load_workload_file(o.workload_path);
    if (!w) return unexpected(w.error());
    run_plan plan;
    plan.driver_name = o.driver;
    plan.brokers = o.brokers;
    plan.load = *w;
    plan.rate_per_s = o.rate.value_or(w->producer_rate_per_s);
    plan.duration_s = o.duration_s.value_or(w->duration_s);
    plan.warmup_s = o.warmup_s.value_or(w->warmup_s);
    plan.acks = o.acks == "1" ? acks_mode::leader : acks_mode::all;
    if (plan.rate_per_s < 0) return unexpected(std::string("--rate must be 0 (max throughput) or more"));
    if (plan.duration_s <= 0) return unexpected(std::string("--duration-s must be positive"));
    if (plan.warmup_s < 0) return unexpected(std::string("--warmup-s must not be negative"));
    const std::string base = o.topic.empty() ? "sb-loadgen-" + w->name : o.topic;
    for (int t = 0; t < w->topics; ++t) plan.topics.push_back(w->topics == 1 ? base : fmt::format("{}-{}", base, t));
    return plan;
}

// The reason a finished run does not count, or "".
std::string judge(const recorder& r, bool has_consumers) {
    if (r.sent() == 0) return "no message was sent";
    if (static_cast<double>(r.errors()) > k_max_error_ratio * static_cast<double>(r.sent())) {
        return fmt::format("{} of {} messages failed (first: {})", r.errors(), r.sent(), r.first_error());
    }
    if (r.acked() + r.errors() != r.sent()) {
        return fmt::format("{} messages sent, {} acknowledged, {} failed", r.sent(), r.acked(), r.errors());
    }
    if (has_consumers && r.consumed() != r.acked()) {
        return fmt::format("consumers received {} of the {} acknowledged messages", r.consumed(), r.acked());
    }
    return {};
}

int run(const options& o) {
    auto plan = make_plan(o);
    if (!plan) return fail(plan.error());
    std::unique_ptr<driver> d;
    if (o.driver == "rdkafka") d = make_rdkafka_driver();
    if (o.driver == "raw") d = make_raw_driver();
    if (o.driver == "nats") {
        d = make_nats_driver();
        if (!d) return fail("this sb_loadgen was built without the NATS C client (libnats-dev)");
    }
    auto totals = d->run(*plan);
    if (!totals) return fail(totals.error());

    run_report report;
    report.driver = o.driver;
    report.workload = plan->load.name;
    report.target_rate = plan->rate_per_s;
    report.duration_s = plan->duration_s;
    report.totals = std::move(*totals);
    std::fputs(render_table(report).c_str(), stdout);
    std::fflush(stdout);
    if (!o.json_path.empty()) {
        std::ofstream out(o.json_path);
        out << render_json(report) << "\n";
        if (!out) return fail("cannot write " + o.json_path);
    }
    if (auto problem = judge(report.totals, plan->consumer_count() > 0); !problem.empty()) return fail(problem);
    return 0;
}

}  // namespace
}  // namespace sb::loadgen

int main(int argc, char** argv) {
    sb::loadgen::options o;
    CLI::App app{"sb_loadgen: open-loop load generator for Kafka-protocol brokers and NATS JetStream"};
    app.add_option("--driver", o.driver, "Client to drive the broker with")
        ->required()
        ->check(CLI::IsMember({"rdkafka", "raw", "nats"}));
    app.add_option("--brokers", o.brokers, "Broker (or nats-server) address, HOST:PORT")->required();
    app.add_option("--workload", o.workload_path, "Workload YAML file (bench/workloads/)")->required();
    app.add_option("--rate", o.rate, "Messages per second over all producers; 0 = max throughput (default: the workload's producerRate)");
    app.add_option("--duration-s", o.duration_s, "Measured seconds, after the warm-up (default: the workload's)");
    app.add_option("--warmup-s", o.warmup_s, "Warm-up seconds, left out of the figures (default: the workload's)");
    app.add_option("--acks", o.acks, "Produce acknowledgement: 1 (leader) or all")->check(CLI::IsMember({"1", "all"}));
    app.add_option("--topic", o.topic, "Topic (or stream) name (default: sb-loadgen-<workload name>)");
    app.add_option("--json", o.json_path, "Also write the figures as one JSON object to this file");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);  // prints help, or the usage error
        return code == 0 ? 0 : 2;
    }
    return sb::loadgen::run(o);
}

#include "loadgen/core/report.h"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace sb::loadgen {
namespace {

struct percentile_column {
    const char* json_name;
    const char* table_name;
    double percentile;  // 100 = max
};
constexpr percentile_column k_columns[] = {
    {"p50", "p50", 50}, {"p99", "p99", 99}, {"p999", "p99.9", 99.9}, {"p9999", "p99.99", 99.99}, {"max", "max", 100},
};

double micros(const latency_histogram& h, double percentile) {
    const uint64_t ns = percentile >= 100 ? h.max() : h.value_at_percentile(percentile);
    // One decimal: the histogram is exact to 1.6 %, more digits would be noise.
    return static_cast<double>(static_cast<int64_t>(static_cast<double>(ns) / 100.0 + 0.5)) / 10.0;
}

boost::json::object latencies_json(const latency_histogram& h) {
    boost::json::object o;
    for (const auto& c : k_columns) o[c.json_name] = micros(h, c.percentile);
    return o;
}

std::string latencies_row(const char* name, const latency_histogram& h) {
    std::string row = fmt::format("{:<18}{:>10}", name, h.count());
    for (const auto& c : k_columns) row += fmt::format("{:>12.1f}", micros(h, c.percentile));
    return row + "\n";
}

}  // namespace

double run_report::msgs_per_s() const {
    return duration_s > 0 ? static_cast<double>(totals.measured_acked()) / duration_s : 0;
}

double run_report::mb_per_s() const {
    return duration_s > 0 ? static_cast<double>(totals.measured_acked_bytes()) / 1e6 / duration_s : 0;
}

std::string render_json(const run_report& r) {
    boost::json::object o;
    o["driver"] = r.driver;
    o["workload"] = r.workload;
    o["target_rate"] = r.target_rate;
    o["duration_s"] = r.duration_s;
    o["messages_sent"] = r.totals.sent();
    o["messages_acked"] = r.totals.acked();
    o["messages_consumed"] = r.totals.consumed();
    o["errors"] = r.totals.errors();
    o["msgs_per_s"] = r.msgs_per_s();
    o["mb_per_s"] = r.mb_per_s();
    o["produce_ack_us"] = latencies_json(r.totals.produce_ack_ns());
    o["e2e_us"] = latencies_json(r.totals.end_to_end_ns());
    return boost::json::serialize(o);
}

std::string render_table(const run_report& r) {
    std::string out;
    out += fmt::format("driver {}  workload {}  target {}  measured {:.1f} s\n", r.driver, r.workload,
                       r.target_rate > 0 ? fmt::format("{:.0f} msg/s", r.target_rate) : std::string("max throughput"),
                       r.duration_s);
    out += fmt::format("messages  sent {}  acked {}  consumed {}  errors {}\n", r.totals.sent(), r.totals.acked(),
                       r.totals.consumed(), r.totals.errors());
    out += fmt::format("throughput  {:.0f} msg/s  {:.1f} MB/s\n", r.msgs_per_s(), r.mb_per_s());
    std::string header = fmt::format("{:<18}{:>10}", "latency (us)", "count");
    for (const auto& c : k_columns) header += fmt::format("{:>12}", c.table_name);
    out += header + "\n";
    out += latencies_row("produce -> ack", r.totals.produce_ack_ns());
    out += latencies_row("end to end", r.totals.end_to_end_ns());
    if (!r.totals.first_error().empty()) out += "first error: " + r.totals.first_error() + "\n";
    return out;
}

}  // namespace sb::loadgen

#include "loadgen/core/report.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sb::loadgen {
namespace {

TEST(Recorder, CountsEverythingButMeasuresOnlyTheWindow) {
    recorder r(measurement_window{1000, 2000});
    r.on_sent(3);
    r.on_acked(500, 900, 100);     // warm-up: counted, not measured
    r.on_acked(1000, 1250, 100);   // measured: 250 ns
    r.on_acked(2000, 2100, 100);   // after the window
    r.on_consumed(500, 5000);
    r.on_consumed(1500, 1400);     // consumer clock read before the due time: 0, not a wrap
    r.on_error("broker said no");
    r.on_error("second problem", 2);
    EXPECT_EQ(r.sent(), 3u);
    EXPECT_EQ(r.acked(), 3u);
    EXPECT_EQ(r.consumed(), 2u);
    EXPECT_EQ(r.errors(), 3u);
    EXPECT_EQ(r.first_error(), "broker said no");
    EXPECT_EQ(r.measured_acked(), 1u);
    EXPECT_EQ(r.measured_acked_bytes(), 100u);
    EXPECT_EQ(r.produce_ack_ns().count(), 1u);
    EXPECT_EQ(r.produce_ack_ns().max(), 250u);
    EXPECT_EQ(r.end_to_end_ns().count(), 1u);
    EXPECT_EQ(r.end_to_end_ns().max(), 0u);
}

TEST(Recorder, MergeAddsCountsAndHistograms) {
    recorder a, b;
    a.on_sent(2);
    a.on_acked(0, 10, 8);
    b.on_sent(1);
    b.on_acked(0, 30, 8);
    b.on_consumed(0, 40);
    b.on_error("x");
    a.merge(b);
    EXPECT_EQ(a.sent(), 3u);
    EXPECT_EQ(a.acked(), 2u);
    EXPECT_EQ(a.consumed(), 1u);
    EXPECT_EQ(a.errors(), 1u);
    EXPECT_EQ(a.first_error(), "x");
    EXPECT_EQ(a.produce_ack_ns().count(), 2u);
    EXPECT_EQ(a.produce_ack_ns().max(), 30u);
    EXPECT_EQ(a.measured_acked_bytes(), 16u);
}

TEST(Report, JsonHasEveryFieldWithItsValue) {
    run_report r;
    r.driver = "raw";
    r.workload = "w";
    r.target_rate = 1000;
    r.duration_s = 2;
    r.totals = recorder(measurement_window{0, 1'000'000'000});
    r.totals.on_sent(4);
    for (int64_t i = 0; i < 4; ++i) {
        r.totals.on_acked(i, i + 1'500'000, 1'000'000);  // 1.5 ms
        r.totals.on_consumed(i, i + 2'000'000);          // 2 ms
    }
    auto v = boost::json::parse(render_json(r)).as_object();
    EXPECT_EQ(v.at("driver").as_string(), "raw");
    EXPECT_EQ(v.at("workload").as_string(), "w");
    EXPECT_EQ(v.at("target_rate").as_double(), 1000.0);
    EXPECT_EQ(v.at("duration_s").as_double(), 2.0);
    EXPECT_EQ(v.at("messages_sent").to_number<uint64_t>(), 4u);
    EXPECT_EQ(v.at("messages_acked").to_number<uint64_t>(), 4u);
    EXPECT_EQ(v.at("messages_consumed").to_number<uint64_t>(), 4u);
    EXPECT_EQ(v.at("errors").to_number<uint64_t>(), 0u);
    EXPECT_EQ(v.at("msgs_per_s").as_double(), 2.0);
    EXPECT_EQ(v.at("mb_per_s").as_double(), 2.0);
    const auto& ack = v.at("produce_ack_us").as_object();
    const auto& e2e = v.at("e2e_us").as_object();
    for (const char* p : {"p50", "p99", "p999", "p9999", "max"}) {
        EXPECT_EQ(ack.at(p).as_double(), 1500.0) << p;  // exact: clipped to the maximum
        EXPECT_EQ(e2e.at(p).as_double(), 2000.0) << p;
    }
    EXPECT_EQ(v.size(), 12u);
}

TEST(Report, TableShowsCountsAndLatencies) {
    run_report r;
    r.driver = "rdkafka";
    r.workload = "w";
    r.duration_s = 1;
    r.totals.on_sent(1);
    r.totals.on_acked(0, 2000, 10);
    const std::string t = render_table(r);
    EXPECT_NE(t.find("driver rdkafka  workload w  target max throughput  measured 1.0 s"), std::string::npos) << t;
    EXPECT_NE(t.find("messages  sent 1  acked 1  consumed 0  errors 0"), std::string::npos) << t;
    EXPECT_NE(t.find("produce -> ack"), std::string::npos) << t;
    EXPECT_NE(t.find("2.0"), std::string::npos) << t;
}

}  // namespace
}  // namespace sb::loadgen

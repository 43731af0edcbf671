#include "base/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "base/shard_id.h"

namespace {

TEST(Metrics, CountersSumAcrossShardsAndThreads) {
    sb::metrics::registry r;
    auto& c = r.get_counter("streambus_test_requests_total", "Requests.", {{"api", "Metadata"}});
    std::vector<std::thread> threads;
    for (unsigned shard = 0; shard < 4; ++shard) {
        threads.emplace_back([&c, shard] {
            sb::set_this_shard(shard);
            for (int i = 0; i < 1000; ++i) c.inc();
        });
    }
    for (auto& t : threads) t.join();
    c.inc(5);  // from a non-shard thread
    EXPECT_EQ(c.value(), 4005u);
    EXPECT_EQ(&r.get_counter("streambus_test_requests_total", "ignored", {{"api", "Metadata"}}), &c);
}

TEST(Metrics, RendersPrometheusTextExactly) {
    sb::metrics::registry r;
    r.get_counter("streambus_requests_total", "Requests handled.", {{"api", "Fetch"}}).inc(3);
    r.get_counter("streambus_requests_total", "Requests handled.", {{"api", "Produce"}}).inc(2);
    r.set_gauge("streambus_connections", "Open connections.", {}, [] { return 7.0; });
    auto& h = r.get_histogram("streambus_latency_seconds", "Latency.", {{"api", "Fetch"}}, {0.001, 0.01});
    h.observe(0.0005);
    h.observe(0.005);
    h.observe(0.005);
    h.observe(2.0);
    EXPECT_EQ(r.render(),
              "# HELP streambus_connections Open connections.\n"
              "# TYPE streambus_connections gauge\n"
              "streambus_connections 7\n"
              "# HELP streambus_latency_seconds Latency.\n"
              "# TYPE streambus_latency_seconds histogram\n"
              "streambus_latency_seconds_bucket{api=\"Fetch\",le=\"0.001\"} 1\n"
              "streambus_latency_seconds_bucket{api=\"Fetch\",le=\"0.01\"} 3\n"
              "streambus_latency_seconds_bucket{api=\"Fetch\",le=\"+Inf\"} 4\n"
              "streambus_latency_seconds_sum{api=\"Fetch\"} 2.0105\n"
              "streambus_latency_seconds_count{api=\"Fetch\"} 4\n"
              "# HELP streambus_requests_total Requests handled.\n"
              "# TYPE streambus_requests_total counter\n"
              "streambus_requests_total{api=\"Fetch\"} 3\n"
              "streambus_requests_total{api=\"Produce\"} 2\n");
}

TEST(Metrics, LabelValuesAreEscapedAndSeriesCanBeRemoved) {
    sb::metrics::registry r;
    r.get_counter("streambus_x_total", "X.", {{"topic", "a\"b\\c"}}).inc();
    EXPECT_NE(r.render().find("streambus_x_total{topic=\"a\\\"b\\\\c\"} 1\n"), std::string::npos);
    r.remove("streambus_x_total", {{"topic", "a\"b\\c"}});
    EXPECT_EQ(r.render().find("streambus_x_total{"), std::string::npos);
}

TEST(Metrics, LatencyBucketsAreAscendingAndSpanMicrosToMinutes) {
    auto b = sb::metrics::latency_buckets_seconds();
    ASSERT_FALSE(b.empty());
    EXPECT_DOUBLE_EQ(b.front(), 5e-5);
    EXPECT_DOUBLE_EQ(b.back(), 50.0);
    EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
}

}  // namespace

namespace {

TEST(Metrics, ComputedCountersAreReadAtScrapeTimeAndTypedCounter) {
    sb::metrics::registry r;
    double cpu = 1.5;
    r.set_computed_counter("streambus_cpu_seconds_total", "CPU.", {}, [&cpu] { return cpu; });
    EXPECT_EQ(r.render(),
              "# HELP streambus_cpu_seconds_total CPU.\n"
              "# TYPE streambus_cpu_seconds_total counter\n"
              "streambus_cpu_seconds_total 1.5\n");
    cpu = 2.0;
    EXPECT_NE(r.render().find("streambus_cpu_seconds_total 2\n"), std::string::npos);
}

}  // namespace

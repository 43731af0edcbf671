#pragma once
// Metrics in Prometheus conventions: counters, gauges and histograms, each with a fixed
// label set, exported in the Prometheus text format.
//
// Hot path: a counter or histogram keeps one cell per shard (cache-line aligned), and an
// update touches only the calling shard's cell with a relaxed atomic add — no lock, no
// allocation, no contention. A scrape sums the cells. Threads that are not shards
// (thread pools, main) share one extra cell.
//
// Registration (creating a metric) takes a lock and allocates; do it at start-up or when
// a new object (topic, partition, group) appears, never per request. Metrics live as
// long as the registry; `remove` drops one (e.g. when a topic is deleted).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sb::metrics {

using labels = std::vector<std::pair<std::string, std::string>>;

// The number of shards whose updates get a cell of their own. Set once at start-up,
// before any metric is created (default: the number of cores). Updates from shard ids
// at or above it, and from non-shard threads, share one extra cell.
void set_shard_count(unsigned shards);
unsigned shard_count();

// `width` counters per shard, each shard's group on its own cache lines so that shards
// never write to the same line.
class sharded_cells {
public:
    explicit sharded_cells(std::size_t width);
    void add(std::size_t index, uint64_t n);
    uint64_t sum(std::size_t index) const;

private:
    struct alignas(64) line {
        std::atomic<uint64_t> cells[8];
    };
    std::atomic<uint64_t>& at(unsigned slot, std::size_t index) const {
        std::size_t flat = slot * stride_ + index;
        return lines_[flat / 8].cells[flat % 8];
    }

    std::size_t width_;
    std::size_t stride_;  // width rounded up to whole 64-byte lines (8 cells each)
    unsigned slots_;      // shards + 1 shared slot
    std::unique_ptr<line[]> lines_;
};

class counter {
public:
    counter() : cells_(1) {}
    void inc(uint64_t n = 1) { cells_.add(0, n); }
    uint64_t value() const { return cells_.sum(0); }

private:
    sharded_cells cells_;
};

// Histogram with fixed bucket upper bounds (ascending; +Inf is implied). Values and
// bounds are in the unit named by the metric (e.g. _seconds or _bytes).
class histogram {
public:
    explicit histogram(std::vector<double> upper_bounds);
    void observe(double v);
    const std::vector<double>& upper_bounds() const { return bounds_; }
    // Per-bucket counts (not cumulative), the last one being +Inf; plus sum and count.
    std::vector<uint64_t> bucket_counts() const;
    double sum() const;
    uint64_t count() const;

private:
    std::vector<double> bounds_;
    // Cells 0..bounds_.size() are the buckets (the last one +Inf); the final cell is the
    // sum of observed values scaled by 1e6, to stay in integers.
    sharded_cells cells_;
};

// Bounds for latencies in seconds: 50 µs to 60 s, log-linear (1, 2.5, 5 per decade).
std::vector<double> latency_buckets_seconds();

class registry {
public:
    // The process-wide registry.
    static registry& global();

    // Returns the metric for (name, labels), creating it on first use. `help` is taken from
    // the first registration of the name.
    counter& get_counter(const std::string& name, const std::string& help, const labels& l = {});
    histogram& get_histogram(const std::string& name, const std::string& help, const labels& l,
                             const std::vector<double>& upper_bounds);
    // A gauge whose value is computed at scrape time.
    void set_gauge(const std::string& name, const std::string& help, const labels& l,
                   std::function<double()> read);
    // A counter whose value is read at scrape time from a source that only grows (CPU
    // seconds from /proc): exported with TYPE counter.
    void set_computed_counter(const std::string& name, const std::string& help, const labels& l,
                              std::function<double()> read);
    void remove(const std::string& name, const labels& l);

    // The Prometheus text exposition format (version 0.0.4).
    std::string render() const;

private:
    enum class kind { counter, gauge, histogram };
    struct family {
        std::string help;
        kind type;
        std::map<labels, std::unique_ptr<counter>> counters;
        std::map<labels, std::unique_ptr<histogram>> histograms;
        std::map<labels, std::function<double()>> gauges;  // and computed counters
    };
    family& family_for(const std::string& name, const std::string& help, kind type);

    mutable std::mutex mutex_;
    std::map<std::string, family> families_;
};

}  // namespace sb::metrics

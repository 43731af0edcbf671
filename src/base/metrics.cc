#include "base/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "base/shard_id.h"

namespace sb::metrics {

namespace {
std::atomic<unsigned> g_shard_count{0};
constexpr std::size_t k_cells_per_line = 64 / sizeof(std::atomic<uint64_t>);
}  // namespace

void set_shard_count(unsigned shards) { g_shard_count.store(shards); }

unsigned shard_count() {
    unsigned n = g_shard_count.load();
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    return n;
}

sharded_cells::sharded_cells(std::size_t width)
    : width_(width),
      stride_((width + k_cells_per_line - 1) / k_cells_per_line * k_cells_per_line),
      slots_(shard_count() + 1),
      lines_(new line[stride_ * slots_ / k_cells_per_line]) {
    assert(width >= 1);
    for (std::size_t i = 0; i < stride_ * slots_ / k_cells_per_line; ++i) {
        for (auto& c : lines_[i].cells) c.store(0, std::memory_order_relaxed);
    }
}

void sharded_cells::add(std::size_t index, uint64_t n) {
    assert(index < width_);
    unsigned shard = this_shard();
    unsigned slot = shard < slots_ - 1 ? shard : slots_ - 1;
    // A shard's cells are written only by that shard; the shared slot has several writers,
    // so the update is an atomic add either way (relaxed: counts need no ordering).
    at(slot, index).fetch_add(n, std::memory_order_relaxed);
}

uint64_t sharded_cells::sum(std::size_t index) const {
    uint64_t total = 0;
    for (unsigned s = 0; s < slots_; ++s) total += at(s, index).load(std::memory_order_relaxed);
    return total;
}

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), cells_(bounds_.size() + 2) {
    assert(std::is_sorted(bounds_.begin(), bounds_.end()));
}

void histogram::observe(double v) {
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
    cells_.add(static_cast<std::size_t>(it - bounds_.begin()), 1);
    cells_.add(bounds_.size() + 1, v > 0 ? static_cast<uint64_t>(std::llround(v * 1e6)) : 0);
}

std::vector<uint64_t> histogram::bucket_counts() const {
    std::vector<uint64_t> out;
    out.reserve(bounds_.size() + 1);
    for (std::size_t i = 0; i <= bounds_.size(); ++i) out.push_back(cells_.sum(i));
    return out;
}

double histogram::sum() const { return static_cast<double>(cells_.sum(bounds_.size() + 1)) / 1e6; }

uint64_t histogram::count() const {
    uint64_t total = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) total += cells_.sum(i);
    return total;
}

std::vector<double> latency_buckets_seconds() {
    std::vector<double> out;
    for (double decade = 1e-5; decade < 100; decade *= 10) {
        for (double m : {1.0, 2.5, 5.0}) {
            double b = decade * m;
            if (b >= 50e-6 && b <= 60) out.push_back(b);
        }
    }
    return out;
}

registry& registry::global() {
    static registry r;
    return r;
}

registry::family& registry::family_for(const std::string& name, const std::string& help, kind type) {
    auto [it, inserted] = families_.try_emplace(name);
    if (inserted) {
        it->second.help = help;
        it->second.type = type;
    }
    assert(it->second.type == type);
    return it->second;
}

counter& registry::get_counter(const std::string& name, const std::string& help, const labels& l) {
    std::lock_guard lock(mutex_);
    auto& slot = family_for(name, help, kind::counter).counters[l];
    if (!slot) slot = std::make_unique<counter>();
    return *slot;
}

histogram& registry::get_histogram(const std::string& name, const std::string& help, const labels& l,
                                   const std::vector<double>& upper_bounds) {
    std::lock_guard lock(mutex_);
    auto& slot = family_for(name, help, kind::histogram).histograms[l];
    if (!slot) slot = std::make_unique<histogram>(upper_bounds);
    return *slot;
}

void registry::set_gauge(const std::string& name, const std::string& help, const labels& l,
                         std::function<double()> read) {
    std::lock_guard lock(mutex_);
    family_for(name, help, kind::gauge).gauges[l] = std::move(read);
}

void registry::set_computed_counter(const std::string& name, const std::string& help, const labels& l,
                                    std::function<double()> read) {
    std::lock_guard lock(mutex_);
    family_for(name, help, kind::counter).gauges[l] = std::move(read);
}

void registry::remove(const std::string& name, const labels& l) {
    std::lock_guard lock(mutex_);
    auto it = families_.find(name);
    if (it == families_.end()) return;
    it->second.counters.erase(l);
    it->second.histograms.erase(l);
    it->second.gauges.erase(l);
}

namespace {

std::string escape_label_value(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string render_labels(const labels& l, const std::string& extra_key = {}, const std::string& extra_value = {}) {
    if (l.empty() && extra_key.empty()) return {};
    std::string out = "{";
    for (const auto& [k, v] : l) {
        if (out.size() > 1) out += ",";
        out += k + "=\"" + escape_label_value(v) + "\"";
    }
    if (!extra_key.empty()) {
        if (out.size() > 1) out += ",";
        out += extra_key + "=\"" + extra_value + "\"";
    }
    return out + "}";
}

std::string number(double v) {
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
    return fmt::format("{}", v);
}

}  // namespace

std::string registry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, fam] : families_) {
        const char* type = fam.type == kind::counter ? "counter" : fam.type == kind::gauge ? "gauge" : "histogram";
        out += "# HELP " + name + " " + fam.help + "\n# TYPE " + name + " " + type + "\n";
        for (const auto& [l, c] : fam.counters) out += name + render_labels(l) + " " + std::to_string(c->value()) + "\n";
        for (const auto& [l, read] : fam.gauges) out += name + render_labels(l) + " " + number(read()) + "\n";
        for (const auto& [l, h] : fam.histograms) {
            auto counts = h->bucket_counts();
            uint64_t cumulative = 0;
            for (std::size_t i = 0; i < counts.size(); ++i) {
                cumulative += counts[i];
                std::string le = i < h->upper_bounds().size() ? number(h->upper_bounds()[i]) : "+Inf";
                out += name + "_bucket" + render_labels(l, "le", le) + " " + std::to_string(cumulative) + "\n";
            }
            out += name + "_sum" + render_labels(l) + " " + number(h->sum()) + "\n";
            out += name + "_count" + render_labels(l) + " " + std::to_string(cumulative) + "\n";
        }
    }
    return out;
}

}  // namespace sb::metrics

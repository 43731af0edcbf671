#pragma once
// recorder: what one thread of a run counted and measured. Every thread that sends,
// receives acknowledgements or consumes owns a recorder and is its only writer; the run
// merges them when every thread has stopped, so recording takes no lock.
//
// Counts cover the whole run (warm-up included), so that sent == acked == consumed can
// be checked exactly. Latencies and throughput cover only messages that were due inside
// the measurement window [measure_from_ns, measure_until_ns), which starts after the
// warm-up.

#include <cstdint>
#include <string>

#include "loadgen/core/latency_histogram.h"

namespace sb::loadgen {

struct measurement_window {
    int64_t from_ns = 0;
    int64_t until_ns = INT64_MAX;
    bool contains(int64_t due_ns) const { return due_ns >= from_ns && due_ns < until_ns; }
};

class recorder {
public:
    explicit recorder(measurement_window window = {}) : window_(window) {}

    void on_sent(uint64_t messages = 1) { sent_ += messages; }
    // A message due at `due_ns` was acknowledged at `now_ns`.
    void on_acked(int64_t due_ns, int64_t now_ns, std::size_t payload_bytes);
    // A message due at `due_ns` was consumed at `now_ns`.
    void on_consumed(int64_t due_ns, int64_t now_ns);
    // Messages that failed; the first description is kept for the report.
    void on_error(const std::string& what, uint64_t messages = 1);

    void merge(const recorder& other);

    uint64_t sent() const { return sent_; }
    uint64_t acked() const { return acked_; }
    uint64_t consumed() const { return consumed_; }
    uint64_t errors() const { return errors_; }
    uint64_t measured_acked() const { return measured_acked_; }
    uint64_t measured_acked_bytes() const { return measured_acked_bytes_; }
    const std::string& first_error() const { return first_error_; }
    const latency_histogram& produce_ack_ns() const { return produce_ack_ns_; }
    const latency_histogram& end_to_end_ns() const { return end_to_end_ns_; }

private:
    measurement_window window_;
    uint64_t sent_ = 0;
    uint64_t acked_ = 0;
    uint64_t consumed_ = 0;
    uint64_t errors_ = 0;
    uint64_t measured_acked_ = 0;
    uint64_t measured_acked_bytes_ = 0;
    std::string first_error_;
    latency_histogram produce_ack_ns_;
    latency_histogram end_to_end_ns_;
};

}  // namespace sb::loadgen

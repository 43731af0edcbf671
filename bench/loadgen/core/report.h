#pragma once
// The figures of one run: a table for people and one JSON object for scripts
// (bench/README.md documents the fields; bench/run-peers reads them).

#include <string>

#include "loadgen/core/recorder.h"

namespace sb::loadgen {

struct run_report {
    std::string driver;
    std::string workload;
    double target_rate = 0;  // messages/s; 0 = max throughput
    double duration_s = 0;   // the measured part, warm-up excluded
    recorder totals;

    // Measured messages (and MB, 10^6 bytes of payload) per second of the measured part.
    double msgs_per_s() const;
    double mb_per_s() const;
};

// {"driver", "workload", "target_rate", "duration_s", "messages_sent", "messages_acked",
//  "messages_consumed", "errors", "msgs_per_s", "mb_per_s",
//  "produce_ack_us": {"p50", "p99", "p999", "p9999", "max"}, "e2e_us": {...}}
std::string render_json(const run_report& r);
std::string render_table(const run_report& r);

}  // namespace sb::loadgen

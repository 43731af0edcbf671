#pragma once
// Process-level gauges read from /proc at scrape time: resident memory, CPU time,
// open file descriptors, start time.

namespace sb::app {

void register_process_metrics();

}  // namespace sb::app

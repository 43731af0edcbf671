#pragma once
// A driver runs one workload against one system: the Kafka protocol through librdkafka
// (rdkafka) or through our own codec (raw), or NATS JetStream (nats). Every driver
// follows the same steps (run_plan.h), so that their figures compare:
//
//   1. create the topics (or streams) when missing, with the workload's partitions;
//   2. start the consumers at the current end of every partition, before anything is
//      produced, so that they see exactly the messages of this run;
//   3. start the producers on their timetables (rate_schedule.h) at timeline.start_ns,
//      and stop scheduling at timeline.end_ns;
//   4. wait for every acknowledgement, then for the consumers to catch up;
//   5. hand back what every thread recorded, merged.

#include <memory>
#include <string>

#include "base/result.h"
#include "loadgen/core/recorder.h"
#include "loadgen/drivers/run_plan.h"

namespace sb::loadgen {

class driver {
public:
    virtual ~driver() = default;
    // Errors name the problem in one line ("cannot reach the broker at ...").
    virtual result<recorder, std::string> run(const run_plan& plan) = 0;
};

std::unique_ptr<driver> make_rdkafka_driver();
std::unique_ptr<driver> make_raw_driver();
// nullptr when this build has no NATS client library.
std::unique_ptr<driver> make_nats_driver();

}  // namespace sb::loadgen

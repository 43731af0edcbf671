#pragma once
// Where `consume` without --group starts reading: the partitions chosen and, for each,
// the first offset as librdkafka understands it.

#include <vector>

#include "base/result.h"
#include "cli/connection_options.h"
#include "cli/kafka_client.h"
#include "cli/offset_spec.h"
#include "cli/topic_metadata.h"

namespace sb::cli {

// Every partition of `topics`, or only those in `partitions` (each topic must have them),
// starting at `start`. A timestamp is turned into offsets with ListOffsets; a partition
// with no record at or after it starts at its end. An absolute offset is kept within each
// partition's range: past the end it starts at the end, below the log start at the start.
result<partition_list_ptr, std::string> start_positions(rd_kafka_t* rk, const connection_options& options,
                                                        const std::vector<topic_info>& topics,
                                                        const std::vector<int>& partitions, const offset_spec& start);

}  // namespace sb::cli

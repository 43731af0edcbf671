#pragma once
// `consume --group`'s rebalance callback. It applies each assignment as librdkafka would
// by itself, and remembers whether the latest one gave this member no partition, so that
// -e can end a member that has nothing to read instead of waiting for a partition.

#include <librdkafka/rdkafka.h>

namespace sb::cli {

struct group_assignment_state {
    // The group's latest (eager) assignment gave this member no partition. Never set under
    // the cooperative protocol, whose first assignment of a new member is often empty
    // while the partitions it will get are still being revoked from others.
    bool holds_nothing = false;
};

// Installs the callback on `conf`; `state` (librdkafka's opaque) must outlive the client.
void install_rebalance_callback(rd_kafka_conf_t* conf, group_assignment_state* state);

}  // namespace sb::cli

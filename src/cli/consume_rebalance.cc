#include "cli/consume_rebalance.h"

#include <cstring>

namespace sb::cli {
namespace {

extern "C" void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                             void* opaque) {
    auto* state = static_cast<group_assignment_state*>(opaque);
    const bool assign = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
    if (std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0) {
        rd_kafka_error_t* error =
            assign ? rd_kafka_incremental_assign(rk, partitions) : rd_kafka_incremental_unassign(rk, partitions);
        // A failure shows again as an error on the next poll, which the command reports.
        if (error) rd_kafka_error_destroy(error);
        return;
    }
    rd_kafka_assign(rk, assign ? partitions : nullptr);
    state->holds_nothing = assign && partitions->cnt == 0;
}

}  // namespace

void install_rebalance_callback(rd_kafka_conf_t* conf, group_assignment_state* state) {
    rd_kafka_conf_set_opaque(conf, state);
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
}

}  // namespace sb::cli

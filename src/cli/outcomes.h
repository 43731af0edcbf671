#pragma once
// Reporting commands that act on several named things at once (topics, groups): a
// `NAME  STATUS` table of those that succeeded on stdout, one line per failure on stderr.

#include <string>
#include <string_view>
#include <vector>

#include <librdkafka/rdkafka.h>

namespace sb::cli {

struct item_outcome {
    std::string name;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    std::string message;  // the broker's message, when it sent one
};

// Prints the outcomes; a failure reads `cannot <action> "<name>": <error>`, e.g.
// action "create topic". Returns k_exit_failed when anything failed.
int report_outcomes(std::string_view name_header, std::string_view action, const std::vector<item_outcome>& outcomes);

// The outcomes of CreateTopics, DeleteTopics and CreatePartitions.
std::vector<item_outcome> topic_outcomes(const rd_kafka_topic_result_t** results, size_t count);

}  // namespace sb::cli

#pragma once
// One librdkafka admin request and the wait for its result.
//
//   admin_call call(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, options.timeout_ms);
//   rd_kafka_CreateTopics(rk, topics, n, call.options(), call.queue());
//   auto event = call.wait();   // the result event, or the request's error

#include <memory>
#include <string>

#include <librdkafka/rdkafka.h>

#include "base/result.h"

namespace sb::cli {

struct event_deleter {
    void operator()(rd_kafka_event_t* ev) const { rd_kafka_event_destroy(ev); }
};
using event_ptr = std::unique_ptr<rd_kafka_event_t, event_deleter>;

class admin_call {
public:
    admin_call(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeout_ms);
    ~admin_call();
    admin_call(const admin_call&) = delete;
    admin_call& operator=(const admin_call&) = delete;

    rd_kafka_AdminOptions_t* options() { return options_; }
    rd_kafka_queue_t* queue() { return queue_; }
    // Sets the broker-side operation timeout and validate_only (for CreateTopics and the like).
    void set_operation(bool validate_only);

    // Waits for the result event; an error when the request as a whole failed.
    result<event_ptr, std::string> wait();

private:
    rd_kafka_AdminOptions_t* options_;
    rd_kafka_queue_t* queue_;
    int timeout_ms_;
};

}  // namespace sb::cli

#include "cli/admin_call.h"

#include "cli/kafka_client.h"

namespace sb::cli {
namespace {

// librdkafka times the request out itself; the queue wait only guards against a lost event.
constexpr int k_result_grace_ms = 1000;

}  // namespace

admin_call::admin_call(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeout_ms)
    : options_(rd_kafka_AdminOptions_new(rk, op)), queue_(rd_kafka_queue_new(rk)), timeout_ms_(timeout_ms) {
    char errstr[256];
    // Cannot fail: the timeout was range-checked while parsing.
    rd_kafka_AdminOptions_set_request_timeout(options_, timeout_ms, errstr, sizeof errstr);
}

admin_call::~admin_call() {
    rd_kafka_queue_destroy(queue_);
    rd_kafka_AdminOptions_destroy(options_);
}

void admin_call::set_operation(bool validate_only) {
    char errstr[256];
    rd_kafka_AdminOptions_set_operation_timeout(options_, timeout_ms_, errstr, sizeof errstr);
    rd_kafka_AdminOptions_set_validate_only(options_, validate_only ? 1 : 0, errstr, sizeof errstr);
}

result<event_ptr, std::string> admin_call::wait() {
    event_ptr ev(rd_kafka_queue_poll(queue_, timeout_ms_ + k_result_grace_ms));
    if (!ev) return unexpected(std::string("no answer within ") + std::to_string(timeout_ms_) + " ms");
    if (auto err = rd_kafka_event_error(ev.get()))
        return unexpected(describe_error(err, rd_kafka_event_error_string(ev.get())));
    return ev;
}

}  // namespace sb::cli

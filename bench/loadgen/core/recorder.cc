#include "loadgen/core/recorder.h"

namespace sb::loadgen {
namespace {

// A clock read before the due time (a message sent early, or clocks of two threads
// read out of order) is latency 0, not a wrapped-around huge value.
uint64_t elapsed(int64_t from_ns, int64_t to_ns) { return to_ns > from_ns ? static_cast<uint64_t>(to_ns - from_ns) : 0; }

}  // namespace

void recorder::on_acked(int64_t due_ns, int64_t now_ns, std::size_t payload_bytes) {
    ++acked_;
    if (!window_.contains(due_ns)) return;
    ++measured_acked_;
    measured_acked_bytes_ += payload_bytes;
    produce_ack_ns_.record(elapsed(due_ns, now_ns));
}

void recorder::on_consumed(int64_t due_ns, int64_t now_ns) {
    ++consumed_;
    if (window_.contains(due_ns)) end_to_end_ns_.record(elapsed(due_ns, now_ns));
}

void recorder::on_error(const std::string& what, uint64_t messages) {
    errors_ += messages;
    if (first_error_.empty()) first_error_ = what;
}

void recorder::merge(const recorder& other) {
    sent_ += other.sent_;
    acked_ += other.acked_;
    consumed_ += other.consumed_;
    errors_ += other.errors_;
    measured_acked_ += other.measured_acked_;
    measured_acked_bytes_ += other.measured_acked_bytes_;
    if (first_error_.empty()) first_error_ = other.first_error_;
    produce_ack_ns_.merge(other.produce_ack_ns_);
    end_to_end_ns_.merge(other.end_to_end_ns_);
}

}  // namespace sb::loadgen

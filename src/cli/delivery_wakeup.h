#pragma once
// Lets a producer wait for input without leaving its delivery reports unserved.
//
// librdkafka queues a delivery report on the client's main queue and runs its callback
// only inside rd_kafka_poll/flush. A command blocked in read(2) would therefore print an
// acknowledgement only after the next input arrived. Here librdkafka also writes a byte
// to a pipe when a report is queued (once until the queue is served again), so one
// poll(2) sleeps on the input and on the reports together: no timer, no extra thread.

#include <string>

#include <librdkafka/rdkafka.h>

#include "base/result.h"
#include "cli/owned_fd.h"

namespace sb::cli {

class delivery_wakeup {
public:
    // Must be destroyed before the client: librdkafka's destroy waits for every
    // reference to its queues, and must not write to a closed pipe.
    static result<delivery_wakeup, std::string> open(rd_kafka_t* rk);

    delivery_wakeup(delivery_wakeup&& other) noexcept;
    delivery_wakeup& operator=(delivery_wakeup&&) = delete;
    delivery_wakeup(const delivery_wakeup&) = delete;
    delivery_wakeup& operator=(const delivery_wakeup&) = delete;
    ~delivery_wakeup();

    // Waits until `input_fd` can be read (data, its end, or an error that read(2) will
    // report), serving delivery reports meanwhile. stdout is flushed before each wait so
    // that the lines the reports printed are seen while the command waits. The error is
    // errno of poll(2).
    result<void, int> serve_until_readable(int input_fd);

private:
    delivery_wakeup(rd_kafka_t* rk, rd_kafka_queue_t* queue, owned_fd read_end, owned_fd write_end);
    void drain();

    rd_kafka_t* rk_;
    rd_kafka_queue_t* queue_;  // null once moved from
    owned_fd read_end_;
    owned_fd write_end_;
};

}  // namespace sb::cli

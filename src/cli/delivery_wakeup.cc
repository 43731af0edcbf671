#include "cli/delivery_wakeup.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace sb::cli {
namespace {

constexpr char k_wakeup_byte = 1;

}  // namespace

result<delivery_wakeup, std::string> delivery_wakeup::open(rd_kafka_t* rk) {
    int ends[2];
    // Non-blocking both ways: librdkafka requires it of the write end (a full pipe already
    // means "wake up"), and drain() reads until the pipe is empty.
    if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0)
        return unexpected(std::string("cannot create a pipe: ") + std::strerror(errno));
    owned_fd read_end(ends[0]), write_end(ends[1]);
    rd_kafka_queue_t* queue = rd_kafka_queue_get_main(rk);
    rd_kafka_queue_io_event_enable(queue, write_end.get(), &k_wakeup_byte, 1);
    return delivery_wakeup(rk, queue, std::move(read_end), std::move(write_end));
}

delivery_wakeup::delivery_wakeup(rd_kafka_t* rk, rd_kafka_queue_t* queue, owned_fd read_end, owned_fd write_end)
    : rk_(rk), queue_(queue), read_end_(std::move(read_end)), write_end_(std::move(write_end)) {}

delivery_wakeup::delivery_wakeup(delivery_wakeup&& other) noexcept
    : rk_(other.rk_),
      queue_(std::exchange(other.queue_, nullptr)),
      read_end_(std::move(other.read_end_)),
      write_end_(std::move(other.write_end_)) {}

delivery_wakeup::~delivery_wakeup() {
    if (!queue_) return;
    rd_kafka_queue_io_event_enable(queue_, -1, nullptr, 0);  // before the pipe closes
    rd_kafka_queue_destroy(queue_);
}

void delivery_wakeup::drain() {
    char bytes[64];
    while (::read(read_end_.get(), bytes, sizeof bytes) > 0) {
    }
}

result<void, int> delivery_wakeup::serve_until_readable(int input_fd) {
    for (;;) {
        // Serving the queue re-arms librdkafka's wake-up, so a report queued after this
        // serve writes a new byte and ends the poll below: none waits for the next input.
        // Bytes left from reports served here only make the poll return once more.
        rd_kafka_poll(rk_, 0);
        std::fflush(stdout);
        pollfd fds[2] = {{input_fd, POLLIN, 0}, {read_end_.get(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return unexpected(errno);
        }
        if (fds[1].revents != 0) drain();
        if (fds[0].revents != 0) return {};
    }
}

}  // namespace sb::cli

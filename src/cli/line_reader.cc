#include "cli/line_reader.h"

#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

namespace sb::cli {
namespace {

// Large enough that a file or a pipe is read in few system calls; a terminal returns one
// line per read whatever the size.
constexpr std::size_t k_read_block = 64 * 1024;

}  // namespace

line_reader::line_reader(int fd, std::size_t max_bytes) : fd_(fd), max_bytes_(max_bytes) {}

line_status line_reader::next(std::string_view& line) {
    assert(start_ <= scanned_ && scanned_ <= buffer_.size());
    const char* data = buffer_.data();
    if (const void* newline = std::memchr(data + scanned_, '\n', buffer_.size() - scanned_)) {
        auto end = static_cast<std::size_t>(static_cast<const char*>(newline) - data);
        if (end - start_ > max_bytes_) return line_status::too_long;
        line = std::string_view(data + start_, end - start_);
        start_ = scanned_ = end + 1;
        return line_status::line;
    }
    scanned_ = buffer_.size();
    if (scanned_ - start_ > max_bytes_) return line_status::too_long;
    if (!ended_) return line_status::need_input;
    if (start_ == scanned_) return line_status::end;
    line = std::string_view(data + start_, scanned_ - start_);
    start_ = scanned_;
    return line_status::line;
}

result<void, int> line_reader::fill() {
    if (ended_) return {};
    // Drop the lines already taken, so that the buffer holds at most one line and a block.
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
    std::size_t kept = buffer_.size();
    buffer_.resize(kept + k_read_block);
    ssize_t n = 0;
    do {
        n = ::read(fd_, buffer_.data() + kept, k_read_block);
    } while (n < 0 && errno == EINTR);
    int error = errno;
    buffer_.resize(kept + static_cast<std::size_t>(n > 0 ? n : 0));
    if (n < 0) return unexpected(error);
    if (n == 0) ended_ = true;
    return {};
}

}  // namespace sb::cli

#pragma once
// Reads records for `produce`: one per line of a file descriptor, with a bound on a line's
// length so that an input without newlines cannot take all memory.
//
// Reading and taking lines are separate steps so that the caller decides when to block:
// next() only hands out lines already read, fill() reads once. A producer can then wait
// for input and for its delivery reports together (see delivery_wakeup.h) instead of
// sitting in read(2) while acknowledgements go unreported.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::cli {

enum class line_status {
    line,        // a whole line
    end,         // the input ended and every line was taken
    too_long,    // more than max_bytes came before a newline
    need_input,  // no whole line read yet: fill() first
};

class line_reader {
public:
    // Does not own `fd`, and leaves its flags (blocking or not) as they are.
    line_reader(int fd, std::size_t max_bytes);

    // The next line read, without its '\n' (a '\r' before it is kept); a last line
    // without '\n' is still a line. `line` points into the reader's buffer and is valid
    // until the next fill().
    line_status next(std::string_view& line);

    // One read(2) of up to a block: blocks while the descriptor has nothing to read.
    // A read of 0 bytes ends the input. The error is errno.
    result<void, int> fill();

    int fd() const { return fd_; }

private:
    int fd_;
    std::size_t max_bytes_;
    std::string buffer_;
    std::size_t start_ = 0;    // where the next line begins
    std::size_t scanned_ = 0;  // buffer_[start_, scanned_) has no '\n'
    bool ended_ = false;
};

}  // namespace sb::cli

#pragma once
// payload: the opaque bytes of one log entry (in the data path, one Kafka record batch).
//
// An entry sits in the in-memory log, in append requests to several followers and in
// the apply queue at once. Copies therefore share the underlying chunks (sb::iobuf::share)
// instead of copying bytes, which is what makes raft::entry a plain copyable value.

#include <cstddef>
#include <utility>

#include "base/iobuf.h"

namespace sb::raft {

class payload {
public:
    payload() = default;
    explicit payload(sb::iobuf bytes) : bytes_(std::move(bytes)) {}

    payload(const payload& other) : bytes_(other.share()) {}
    payload& operator=(const payload& other) {
        if (this != &other) bytes_ = other.share();
        return *this;
    }
    payload(payload&&) noexcept = default;
    payload& operator=(payload&&) noexcept = default;

    std::size_t size_bytes() const { return bytes_.size_bytes(); }
    bool empty() const { return bytes_.empty(); }
    const sb::iobuf& bytes() const { return bytes_; }

private:
    sb::iobuf share() const { return bytes_.share(0, bytes_.size_bytes()); }

    sb::iobuf bytes_;
};

}  // namespace sb::raft

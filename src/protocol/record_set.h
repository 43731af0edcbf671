#pragma once
// record_set: the value of a Kafka `records` field (Produce, Fetch), kept as raw bytes.
//
// The codec never looks inside: the bytes are one or more RecordBatch v2 frames that
// protocol/record_batch.h validates. Decoding shares the request frame (iobuf::share,
// no copy) and encoding splices the fragments into the output (no copy), so a batch
// travels socket -> log and log -> socket without being copied by the codec.
//
// A record_set is null (the wire's -1 length) or holds bytes (possibly zero of them).
// It is move-only, like iobuf: `share()` makes a second view of the same bytes, on
// purpose and visibly. Equality compares content, which is what tests want.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/iobuf.h"

namespace sb::protocol {

class record_set {
public:
    record_set() = default;  // null
    explicit record_set(iobuf bytes) : bytes_(std::move(bytes)), null_(false) {}
    static record_set copy_of(std::span<const uint8_t> bytes) { return record_set(iobuf::copy_of(bytes)); }

    record_set(record_set&&) noexcept = default;
    record_set& operator=(record_set&&) noexcept = default;
    record_set(const record_set&) = delete;
    record_set& operator=(const record_set&) = delete;

    bool is_null() const { return null_; }
    // Bytes held; 0 when null.
    std::size_t size_bytes() const { return bytes_.size_bytes(); }
    const iobuf& bytes() const { return bytes_; }
    // Takes the bytes out, leaving this record_set null.
    iobuf release();
    // A second zero-copy view of the same bytes (the chunks are shared, read-only).
    record_set share() const;

    friend bool operator==(const record_set& a, const record_set& b);

private:
    iobuf bytes_;
    bool null_ = true;
};

}  // namespace sb::protocol

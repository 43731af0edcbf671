#pragma once
// writer: encodes Kafka wire primitives into an iobuf.
//
// Small values go into a contiguous staging buffer; a `records` value is spliced in as
// iobuf fragments (zero-copy) after the staged bytes are flushed. `take()` returns the
// encoded bytes. Encoding cannot fail: the generated encoders only write values that the
// types already guarantee fit (a string over k_max_string_bytes is a programming error
// and asserted).
//
// The *_size functions give the exact number of bytes each write adds; the generated
// encoded_size() methods are sums of them.
//
// Lifecycle: one writer per response on one shard; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/iobuf.h"
#include "base/varint.h"
#include "protocol/record_set.h"
#include "protocol/uuid.h"

namespace sb::protocol {

class writer {
public:
    writer() = default;
    // Reserves room for the staged bytes (e.g. a message's encoded_size()).
    explicit writer(std::size_t reserve_bytes) { staged_.reserve(reserve_bytes); }

    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    void write_int8(int8_t v) { *grow(1) = static_cast<uint8_t>(v); }
    void write_int16(int16_t v) { write_uint16(static_cast<uint16_t>(v)); }
    void write_uint16(uint16_t v);
    void write_int32(int32_t v) { write_uint32(static_cast<uint32_t>(v)); }
    void write_uint32(uint32_t v);
    void write_int64(int64_t v);
    void write_float64(double v);
    void write_bool(bool v) { write_int8(v ? 1 : 0); }
    void write_uuid(const uuid& v);
    void write_unsigned_varint(uint32_t v) { append_varint(v); }

    void write_string(std::string_view s, bool compact);
    // A null is written as a null; in a version where the field is not nullable the
    // generated code passes the value through write_string (an absent value as "").
    void write_nullable_string(const std::optional<std::string>& s, bool compact);
    void write_bytes(std::span<const uint8_t> b, bool compact);
    void write_nullable_bytes(const std::optional<std::vector<uint8_t>>& b, bool compact);
    // Zero-copy: the record set's fragments are shared into the output.
    void write_records(const record_set& r, bool compact);
    void write_array_length(std::size_t count, bool compact);
    void write_null_array(bool compact);
    // A nullable struct field's presence byte (-1 null, 1 present).
    void write_struct_presence(bool present) { write_int8(present ? 1 : -1); }
    void write_tagged_field_header(uint32_t tag, std::size_t size_bytes);

    std::size_t size_bytes() const { return taken_.size_bytes() + staged_.size(); }
    // The bytes written so far; the writer is empty afterwards.
    iobuf take();

private:
    uint8_t* grow(std::size_t n);
    void append_varint(uint32_t v);
    void flush_staged();

    iobuf taken_;                  // bytes before the last spliced record set, and that set
    std::vector<uint8_t> staged_;  // bytes written since
};

// Exact encoded sizes of the variable-length values.
inline std::size_t unsigned_varint_size(uint32_t v) { return varint::size_unsigned(v); }
inline std::size_t length_prefix_size(std::size_t length, bool compact, std::size_t classic_size) {
    return compact ? varint::size_unsigned(length + 1) : classic_size;
}
inline std::size_t string_size(std::string_view s, bool compact) { return length_prefix_size(s.size(), compact, 2) + s.size(); }
inline std::size_t nullable_string_size(const std::optional<std::string>& s, bool compact) {
    return s ? string_size(*s, compact) : (compact ? 1 : 2);
}
inline std::size_t bytes_size(std::span<const uint8_t> b, bool compact) { return length_prefix_size(b.size(), compact, 4) + b.size(); }
inline std::size_t nullable_bytes_size(const std::optional<std::vector<uint8_t>>& b, bool compact) {
    return b ? bytes_size(*b, compact) : (compact ? 1 : 4);
}
inline std::size_t records_size(const record_set& r, bool compact) {
    return r.is_null() ? (compact ? 1 : 4) : length_prefix_size(r.size_bytes(), compact, 4) + r.size_bytes();
}
inline std::size_t array_length_size(std::size_t count, bool compact) { return length_prefix_size(count, compact, 4); }
inline std::size_t tagged_field_header_size(uint32_t tag, std::size_t size_bytes) {
    return varint::size_unsigned(tag) + varint::size_unsigned(size_bytes);
}

}  // namespace sb::protocol

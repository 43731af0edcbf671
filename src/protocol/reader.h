#pragma once
// reader: bounds-checked decoding of Kafka wire primitives from one request frame.
//
// Errors are sticky: the first failure (truncation, a negative or oversized length, an
// over-long varint) is recorded, the reader's remaining input drops to zero, and every
// later read returns a zero value without touching memory. Generated decoders therefore
// read field after field without a branch per field and check `status()` once at the
// end. Every read is bounds-checked; lengths are checked against the bytes that remain
// BEFORE anything is allocated, so a hostile length costs nothing.
//
// The frame is held as a shared, contiguous iobuf: a `records` field decodes to a
// zero-copy share() of the frame. A fragmented frame is linearised once on construction.
//
// Lifecycle: a reader lives for the decoding of one frame on one shard; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/error_code.h"
#include "base/iobuf.h"
#include "base/result.h"
#include "protocol/record_set.h"
#include "protocol/uuid.h"

namespace sb::protocol {

// The header of one field of a tagged-field section (KIP-482).
struct tagged_field_header {
    uint32_t tag = 0;
    uint32_t size_bytes = 0;
    std::size_t end_position = 0;  // reader position just past the field's value
};

class reader {
public:
    explicit reader(const iobuf& frame);
    // Copies the bytes (for tests and for payloads that are not request frames).
    explicit reader(std::span<const uint8_t> bytes);

    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    bool ok() const { return error_ == error_code::none; }
    error_code error() const { return error_; }
    sb::status status() const;
    // Records the first error and stops all further reading.
    void fail(error_code e);

    std::size_t position() const { return position_; }
    std::size_t remaining_bytes() const { return limit_ - position_; }

    int8_t read_int8();
    int16_t read_int16();
    uint16_t read_uint16();
    int32_t read_int32();
    uint32_t read_uint32();
    int64_t read_int64();
    double read_float64();
    bool read_bool();  // any non-zero byte is true, as in Kafka
    uuid read_uuid();
    // Unsigned varint of at most 5 bytes (compact lengths, tags).
    uint32_t read_unsigned_varint();

    // `compact` selects the flexible-version encoding (unsigned varint N+1) over the classic
    // one (int16 for strings, int32 for bytes and records). A null where the field is not
    // nullable is an error (invalid_request).
    std::string read_string(bool compact);
    std::optional<std::string> read_nullable_string(bool compact);
    std::vector<uint8_t> read_bytes(bool compact);
    std::optional<std::vector<uint8_t>> read_nullable_bytes(bool compact);
    record_set read_records(bool compact);

    // Element count of an array: >= 0, or -1 for null (an error unless `nullable`).
    // Rejects a count whose elements could not fit in the remaining bytes, given that each
    // element takes at least `min_element_bytes` (>= 1) on the wire.
    int32_t read_array_length(bool compact, bool nullable, std::size_t min_element_bytes);
    // A nullable struct field's presence byte: false for null (-1), true for present (1).
    bool read_struct_presence();

    // Tagged-field section: count, then per field (tag, size, value).
    uint32_t read_tagged_field_count();
    tagged_field_header read_tagged_field_header();
    // After decoding a known tagged field: the value must have used exactly its declared size.
    void end_tagged_field(const tagged_field_header& field);
    void skip_tagged_field(const tagged_field_header& field);
    // Skips a whole section of tagged fields, none of which this version knows.
    void skip_tagged_fields();

    // Skips n bytes (an error when fewer remain).
    void skip(std::size_t n);
    // The int16 at `offset` bytes past the current position, without consuming it.
    std::optional<int16_t> peek_int16(std::size_t offset) const;

private:
    // True when n more bytes can be read; records invalid_request otherwise.
    bool has(std::size_t n);
    const uint8_t* at() const { return data_ + position_; }
    // A length in [0, k_max_*] or -1 (null); -2 after an error.
    int64_t read_length(bool compact, bool wide);

    iobuf frame_;  // keeps the bytes alive; record_set values share it
    const uint8_t* data_ = nullptr;
    std::size_t limit_ = 0;
    std::size_t position_ = 0;
    error_code error_ = error_code::none;
};

}  // namespace sb::protocol

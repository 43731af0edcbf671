#include "protocol/writer.h"

#include <bit>
#include <cassert>
#include <cstring>

#include "protocol/wire_limits.h"

namespace sb::protocol {
namespace {

template <class T>
void store_big_endian(uint8_t* p, T v) {
    static_assert(std::is_unsigned_v<T>);
    for (std::size_t i = sizeof(T); i > 0; --i) {
        p[i - 1] = static_cast<uint8_t>(v);
        v = static_cast<T>(v >> 8);
    }
}

}  // namespace

uint8_t* writer::grow(std::size_t n) {
    const std::size_t old = staged_.size();
    staged_.resize(old + n);
    return staged_.data() + old;
}

void writer::append_varint(uint32_t v) {
    uint8_t tmp[varint::k_max_bytes32];
    const std::size_t n = varint::write_unsigned(v, tmp);
    std::memcpy(grow(n), tmp, n);
}

void writer::write_uint16(uint16_t v) { store_big_endian(grow(2), v); }
void writer::write_uint32(uint32_t v) { store_big_endian(grow(4), v); }
void writer::write_int64(int64_t v) { store_big_endian(grow(8), static_cast<uint64_t>(v)); }
void writer::write_float64(double v) { store_big_endian(grow(8), std::bit_cast<uint64_t>(v)); }

void writer::write_uuid(const uuid& v) { std::memcpy(grow(uuid::k_size_bytes), v.bytes.data(), uuid::k_size_bytes); }

void writer::write_string(std::string_view s, bool compact) {
    assert(s.size() <= k_max_string_bytes);
    if (compact) {
        write_unsigned_varint(static_cast<uint32_t>(s.size() + 1));
    } else {
        write_int16(static_cast<int16_t>(s.size()));
    }
    if (!s.empty()) std::memcpy(grow(s.size()), s.data(), s.size());
}

void writer::write_nullable_string(const std::optional<std::string>& s, bool compact) {
    if (s) return write_string(*s, compact);
    if (compact) {
        write_unsigned_varint(0);
    } else {
        write_int16(-1);
    }
}

void writer::write_bytes(std::span<const uint8_t> b, bool compact) {
    write_array_length(b.size(), compact);  // same prefix as an array: int32 or varint N+1
    if (!b.empty()) std::memcpy(grow(b.size()), b.data(), b.size());
}

void writer::write_nullable_bytes(const std::optional<std::vector<uint8_t>>& b, bool compact) {
    if (b) return write_bytes(*b, compact);
    write_null_array(compact);
}

void writer::write_records(const record_set& r, bool compact) {
    if (r.is_null()) return write_null_array(compact);
    write_array_length(r.size_bytes(), compact);
    if (r.size_bytes() == 0) return;
    flush_staged();
    taken_.append(r.bytes().share(0, r.size_bytes()));
}

void writer::write_array_length(std::size_t count, bool compact) {
    assert(count < INT32_MAX);
    if (compact) {
        write_unsigned_varint(static_cast<uint32_t>(count + 1));
    } else {
        write_int32(static_cast<int32_t>(count));
    }
}

void writer::write_null_array(bool compact) {
    if (compact) {
        write_unsigned_varint(0);
    } else {
        write_int32(-1);
    }
}

void writer::write_tagged_field_header(uint32_t tag, std::size_t size_bytes) {
    assert(size_bytes <= UINT32_MAX);
    write_unsigned_varint(tag);
    write_unsigned_varint(static_cast<uint32_t>(size_bytes));
}

void writer::flush_staged() {
    if (staged_.empty()) return;
    taken_.append(std::span<const uint8_t>(staged_));
    staged_.clear();
}

iobuf writer::take() {
    flush_staged();
    iobuf out = std::move(taken_);
    taken_.clear();
    return out;
}

}  // namespace sb::protocol

#include "protocol/reader.h"

#include <bit>
#include <cassert>
#include <cstring>

#include "base/varint.h"
#include "protocol/wire_limits.h"

namespace sb::protocol {
namespace {

template <class T>
T load_big_endian(const uint8_t* p) {
    static_assert(std::is_unsigned_v<T>);
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | p[i]);
    return v;
}

iobuf contiguous(const iobuf& frame) {
    if (frame.fragments().size() <= 1) return frame.share(0, frame.size_bytes());
    return iobuf::copy_of(frame.linearize());  // rare: one copy so that reads are plain pointer math
}

}  // namespace

reader::reader(const iobuf& frame) : frame_(contiguous(frame)) {
    assert(frame_.fragments().size() <= 1);
    if (!frame_.empty()) data_ = frame_.fragments().front().data();
    limit_ = frame_.size_bytes();
}

reader::reader(std::span<const uint8_t> bytes) : reader(iobuf::copy_of(bytes)) {}

sb::status reader::status() const {
    if (ok()) return {};
    return sb::unexpected(error_);
}

void reader::fail(error_code e) {
    assert(e != error_code::none);
    if (error_ == error_code::none) error_ = e;
    position_ = limit_;  // nothing more is read once the input is known to be bad
}

bool reader::has(std::size_t n) {
    if (n <= remaining_bytes()) return true;
    fail(error_code::invalid_request);
    return false;
}

void reader::skip(std::size_t n) {
    if (has(n)) position_ += n;
}

std::optional<int16_t> reader::peek_int16(std::size_t offset) const {
    if (offset > remaining_bytes() || remaining_bytes() - offset < 2) return std::nullopt;
    return static_cast<int16_t>(load_big_endian<uint16_t>(at() + offset));
}

int8_t reader::read_int8() {
    if (!has(1)) return 0;
    return static_cast<int8_t>(data_[position_++]);
}

int16_t reader::read_int16() { return static_cast<int16_t>(read_uint16()); }

uint16_t reader::read_uint16() {
    if (!has(2)) return 0;
    const uint16_t v = load_big_endian<uint16_t>(at());
    position_ += 2;
    return v;
}

int32_t reader::read_int32() { return static_cast<int32_t>(read_uint32()); }

uint32_t reader::read_uint32() {
    if (!has(4)) return 0;
    const uint32_t v = load_big_endian<uint32_t>(at());
    position_ += 4;
    return v;
}

int64_t reader::read_int64() {
    if (!has(8)) return 0;
    const uint64_t v = load_big_endian<uint64_t>(at());
    position_ += 8;
    return static_cast<int64_t>(v);
}

double reader::read_float64() { return std::bit_cast<double>(static_cast<uint64_t>(read_int64())); }

bool reader::read_bool() { return read_int8() != 0; }

uuid reader::read_uuid() {
    uuid out;
    if (!has(uuid::k_size_bytes)) return out;
    std::memcpy(out.bytes.data(), at(), uuid::k_size_bytes);
    position_ += uuid::k_size_bytes;
    return out;
}

uint32_t reader::read_unsigned_varint() {
    const auto decoded = varint::read_unsigned(at(), data_ + limit_, varint::k_max_bytes32);
    if (!decoded) {
        fail(error_code::invalid_request);
        return 0;
    }
    position_ += decoded->size;
    return static_cast<uint32_t>(decoded->value);
}

int64_t reader::read_length(bool compact, bool wide) {
    int64_t length = 0;
    if (compact) {
        length = static_cast<int64_t>(read_unsigned_varint()) - 1;  // 0 on the wire is null
    } else {
        length = wide ? read_int32() : read_int16();
        if (length < -1) fail(error_code::invalid_request);
    }
    if (!ok()) return -2;
    if (length > static_cast<int64_t>(remaining_bytes())) {
        fail(error_code::invalid_request);
        return -2;
    }
    return length;
}

std::optional<std::string> reader::read_nullable_string(bool compact) {
    const int64_t length = read_length(compact, false);
    if (length == -1) return std::nullopt;
    if (length < 0) return std::string();
    if (static_cast<std::size_t>(length) > k_max_string_bytes) {
        fail(error_code::invalid_request);
        return std::string();
    }
    std::string out(reinterpret_cast<const char*>(at()), static_cast<std::size_t>(length));
    position_ += static_cast<std::size_t>(length);
    return out;
}

std::string reader::read_string(bool compact) {
    auto s = read_nullable_string(compact);
    if (!s) {
        fail(error_code::invalid_request);  // null in a non-nullable field
        return std::string();
    }
    return std::move(*s);
}

std::optional<std::vector<uint8_t>> reader::read_nullable_bytes(bool compact) {
    const int64_t length = read_length(compact, true);
    if (length == -1) return std::nullopt;
    if (length < 0) return std::vector<uint8_t>();
    std::vector<uint8_t> out(at(), at() + length);
    position_ += static_cast<std::size_t>(length);
    return out;
}

std::vector<uint8_t> reader::read_bytes(bool compact) {
    auto b = read_nullable_bytes(compact);
    if (!b) {
        fail(error_code::invalid_request);
        return {};
    }
    return std::move(*b);
}

record_set reader::read_records(bool compact) {
    const int64_t length = read_length(compact, true);
    if (length < 0) return record_set();  // null, or an error already recorded
    record_set out(frame_.share(position_, static_cast<std::size_t>(length)));
    position_ += static_cast<std::size_t>(length);
    return out;
}

int32_t reader::read_array_length(bool compact, bool nullable, std::size_t min_element_bytes) {
    assert(min_element_bytes >= 1);
    int64_t count = 0;
    if (compact) {
        count = static_cast<int64_t>(read_unsigned_varint()) - 1;
    } else {
        count = read_int32();
        if (count < -1) fail(error_code::invalid_request);
    }
    if (!ok()) return 0;
    if (count == -1) {
        if (!nullable) fail(error_code::invalid_request);
        return nullable ? -1 : 0;
    }
    if (static_cast<uint64_t>(count) > remaining_bytes() / min_element_bytes) {
        fail(error_code::invalid_request);
        return 0;
    }
    return static_cast<int32_t>(count);
}

bool reader::read_struct_presence() {
    const int8_t marker = read_int8();
    return marker >= 0;
}

uint32_t reader::read_tagged_field_count() {
    const uint32_t count = read_unsigned_varint();
    // Each tagged field takes at least two bytes (tag and size).
    if (count > k_max_tagged_fields || count > remaining_bytes() / 2) {
        fail(error_code::invalid_request);
        return 0;
    }
    return count;
}

tagged_field_header reader::read_tagged_field_header() {
    tagged_field_header h;
    h.tag = read_unsigned_varint();
    h.size_bytes = read_unsigned_varint();
    if (!has(h.size_bytes)) return tagged_field_header{};
    h.end_position = position_ + h.size_bytes;
    return h;
}

void reader::end_tagged_field(const tagged_field_header& field) {
    if (ok() && position_ != field.end_position) fail(error_code::invalid_request);
}

void reader::skip_tagged_field(const tagged_field_header& field) {
    if (ok()) skip(field.size_bytes);
}

void reader::skip_tagged_fields() {
    for (uint32_t n = read_tagged_field_count(); n > 0 && ok(); --n) {
        skip_tagged_field(read_tagged_field_header());
    }
}

}  // namespace sb::protocol

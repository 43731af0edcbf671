#include <cassert>

#include "base/varint.h"
#include "protocol/record.h"

namespace sb::protocol {

namespace {

// A bounds-checked cursor over one record's bytes.
class field_cursor {
public:
    field_cursor(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}

    std::optional<int32_t> varint() {
        auto d = varint::read_unsigned(p_, end_, varint::k_max_bytes32);
        if (!d) return std::nullopt;
        p_ += d->size;
        return varint::unzigzag32(static_cast<uint32_t>(d->value));
    }
    std::optional<int64_t> varlong() {
        auto d = varint::read_unsigned(p_, end_, varint::k_max_bytes64);
        if (!d) return std::nullopt;
        p_ += d->size;
        return varint::unzigzag64(d->value);
    }
    std::optional<uint8_t> byte() {
        if (p_ >= end_) return std::nullopt;
        return *p_++;
    }
    // length -1 is null; length < -1 or past the end fails.
    bool nullable_bytes(int32_t length, std::optional<bytes_view>& out) {
        if (length == -1) {
            out.reset();
            return true;
        }
        if (length < 0 || static_cast<std::size_t>(length) > static_cast<std::size_t>(end_ - p_)) return false;
        out = bytes_view(p_, static_cast<std::size_t>(length));
        p_ += length;
        return true;
    }
    const uint8_t* position() const { return p_; }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// Parses the fields after `length` of one record occupying exactly [p, end).
status parse_record_fields(const uint8_t* p, const uint8_t* end, record& out) {
    field_cursor c(p, end);
    auto attributes = c.byte();
    auto ts = attributes ? c.varlong() : std::nullopt;
    auto od = ts ? c.varint() : std::nullopt;
    auto key_len = od ? c.varint() : std::nullopt;
    if (!key_len) return unexpected(error_code::corrupt_message);
    out.attributes = static_cast<int8_t>(*attributes);
    out.timestamp_delta = *ts;
    out.offset_delta = *od;
    if (!c.nullable_bytes(*key_len, out.key)) return unexpected(error_code::corrupt_message);
    auto value_len = c.varint();
    if (!value_len || !c.nullable_bytes(*value_len, out.value)) return unexpected(error_code::corrupt_message);
    auto headers_count = c.varint();
    if (!headers_count) return unexpected(error_code::corrupt_message);
    if (*headers_count < 0) return unexpected(error_code::invalid_record);
    out.headers.clear();
    for (int32_t i = 0; i < *headers_count; ++i) {
        auto hk_len = c.varint();
        if (!hk_len) return unexpected(error_code::corrupt_message);
        if (*hk_len < 0) return unexpected(error_code::invalid_record);  // header keys are never null
        std::optional<bytes_view> hk;
        if (!c.nullable_bytes(*hk_len, hk)) return unexpected(error_code::corrupt_message);
        record_header h{*hk, std::nullopt};
        auto hv_len = c.varint();
        if (!hv_len || !c.nullable_bytes(*hv_len, h.value)) return unexpected(error_code::corrupt_message);
        out.headers.push_back(h);
    }
    // The record's length must equal the bytes its fields used.
    if (c.position() != end) return unexpected(error_code::invalid_record);
    return {};
}

}  // namespace

result<record_reader> record_reader::open(record_batch_view batch, const compression_limits& limits) {
    if (batch.records_count() < 0) return unexpected(error_code::invalid_record);
    auto codec = codec_from_bits(batch.codec_bits());
    if (!codec) return unexpected(codec.error());
    if (*codec == compression_codec::none) {
        return record_reader({}, batch.records_bytes(), batch.records_count());
    }
    auto plain = decompress(*codec, batch.records_bytes(), limits.max_decompressed_bytes);
    if (!plain) return unexpected(plain.error());
    bytes_view view(plain->data(), plain->size());
    return record_reader(std::move(*plain), view, batch.records_count());
}

result<bool> record_reader::next(record& out) {
    const uint8_t* begin = bytes_.data();
    const uint8_t* end = begin + bytes_.size();
    if (records_read_ == records_count_) {
        if (pos_ != bytes_.size()) return unexpected(error_code::invalid_record);  // trailing bytes
        return false;
    }
    if (pos_ == bytes_.size()) return unexpected(error_code::invalid_record);  // fewer than recordsCount
    field_cursor c(begin + pos_, end);
    auto length = c.varint();
    if (!length) return unexpected(error_code::corrupt_message);
    if (*length < 0 || static_cast<std::size_t>(*length) > static_cast<std::size_t>(end - c.position())) {
        return unexpected(error_code::corrupt_message);
    }
    const uint8_t* fields = c.position();
    auto st = parse_record_fields(fields, fields + *length, out);
    if (!st) return unexpected(st.error());
    pos_ = static_cast<std::size_t>(fields + *length - begin);
    ++records_read_;
    assert(pos_ <= bytes_.size());
    return true;
}

}  // namespace sb::protocol

#pragma once
// Helpers for the generated round-trip tests (generated/round_trip_*_test.cc): a
// deterministic source of non-default values, and the encode -> size -> decode -> compare
// check itself.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/iobuf.h"
#include "protocol/reader.h"
#include "protocol/record_set.h"
#include "protocol/uuid.h"
#include "protocol/writer.h"

namespace sb::protocol {

// Hands out distinct values from a counter, so that every field of a filled message holds
// something other than its default and a field decoded into the wrong member shows.
class filler {
public:
    template <class T>
    T next_int(T avoid) {
        T v = static_cast<T>(++counter_ % 100 + 1);
        if (v == avoid) v = static_cast<T>(v + 1);
        return v;
    }
    double next_float64() { return static_cast<double>(++counter_) + 0.25; }
    std::string next_string() { return "s" + std::to_string(++counter_); }
    std::vector<uint8_t> next_bytes() {
        const auto b = static_cast<uint8_t>(++counter_);
        return {b, static_cast<uint8_t>(b + 1), static_cast<uint8_t>(b + 2)};
    }
    uuid next_uuid() {
        uuid u;
        for (std::size_t i = 0; i < u.bytes.size(); ++i) u.bytes[i] = static_cast<uint8_t>(++counter_ + i);
        return u;
    }
    record_set next_records() {
        // Any bytes do: the codec carries records without looking inside.
        std::vector<uint8_t> bytes(37);
        for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(++counter_);
        return record_set::copy_of(bytes);
    }

private:
    uint32_t counter_ = 0;
};

template <class T>
void expect_round_trip(const T& original, int16_t version, bool expect_non_default) {
    if (expect_non_default) {
        EXPECT_FALSE(original == T{}) << "the filler left every field at its default";
    }
    writer w;
    original.encode(w, version);
    const std::size_t written_bytes = w.size_bytes();
    iobuf bytes = w.take();
    ASSERT_EQ(bytes.size_bytes(), written_bytes);
    ASSERT_EQ(original.encoded_size(version), written_bytes);

    reader r(bytes);
    T decoded;
    const sb::status st = decoded.decode(r, version);
    ASSERT_TRUE(st.has_value()) << sb::error_name(st.error());
    EXPECT_EQ(r.remaining_bytes(), 0u);
    EXPECT_TRUE(decoded == original);

    // Decoding is a pure function of the bytes: encoding the decoded value gives them back.
    writer again;
    decoded.encode(again, version);
    EXPECT_EQ(again.take().linearize(), bytes.linearize());
}

}  // namespace sb::protocol

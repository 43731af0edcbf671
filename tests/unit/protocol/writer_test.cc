#include "protocol/writer.h"

#include <gtest/gtest.h>

#include <vector>

#include "unit/protocol/test_bytes.h"

namespace sb::protocol {
namespace {

TEST(Writer, WritesBigEndianPrimitives) {
    writer w;
    w.write_int8(-1);
    w.write_int16(0x1234);
    w.write_int32(-2);
    w.write_int64(0x0102030405060708);
    w.write_float64(1.5);
    w.write_bool(true);
    w.write_unsigned_varint(300);
    EXPECT_EQ(w.size_bytes(), 1u + 2 + 4 + 8 + 8 + 1 + 2);
    EXPECT_EQ(w.take().linearize(),
              bytes_of({0xFF, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFE, 1, 2, 3, 4, 5, 6, 7, 8, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0,
                        0x01, 0xAC, 0x02}));
}

TEST(Writer, WritesStringsBothEncodings) {
    writer w;
    w.write_string("hi", false);
    w.write_nullable_string(std::nullopt, false);
    w.write_string("yo", true);
    w.write_nullable_string(std::nullopt, true);
    EXPECT_EQ(w.take().linearize(), bytes_of({0x00, 0x02, 'h', 'i', 0xFF, 0xFF, 0x03, 'y', 'o', 0x00}));
    EXPECT_EQ(string_size("hi", false), 4u);
    EXPECT_EQ(string_size("yo", true), 3u);
    EXPECT_EQ(nullable_string_size(std::nullopt, false), 2u);
    EXPECT_EQ(nullable_string_size(std::nullopt, true), 1u);
}

TEST(Writer, WritesArraysAndNulls) {
    writer w;
    w.write_array_length(2, false);
    w.write_null_array(false);
    w.write_array_length(2, true);
    w.write_null_array(true);
    w.write_struct_presence(false);
    w.write_struct_presence(true);
    EXPECT_EQ(w.take().linearize(), bytes_of({0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0x00, 0xFF, 0x01}));
    EXPECT_EQ(array_length_size(2, false), 4u);
    EXPECT_EQ(array_length_size(127, true), 2u);  // 128 needs two varint bytes
}

TEST(Writer, RecordsAreSplicedWithoutCopying) {
    const iobuf batch = iobuf::copy_of(std::string_view("RECORDS"));
    record_set rs(batch.share(0, batch.size_bytes()));
    writer w;
    w.write_int16(7);
    w.write_records(rs, true);
    w.write_int8(9);
    EXPECT_EQ(w.size_bytes(), 2u + 1 + 7 + 1);
    EXPECT_EQ(records_size(rs, true), 8u);
    const iobuf out = w.take();
    EXPECT_EQ(out.to_string(), std::string("\x00\x07\x08RECORDS\x09", 11));
    // The record bytes are the original chunk, not a copy.
    bool shared = false;
    for (const auto& f : out.fragments()) shared = shared || f.data() == batch.fragments()[0].data();
    EXPECT_TRUE(shared);
}

TEST(Writer, NullRecords) {
    writer w;
    w.write_records(record_set(), false);
    w.write_records(record_set(), true);
    EXPECT_EQ(w.take().linearize(), bytes_of({0xFF, 0xFF, 0xFF, 0xFF, 0x00}));
    EXPECT_EQ(records_size(record_set(), false), 4u);
}

TEST(Writer, TakeEmptiesTheWriter) {
    writer w;
    w.write_int32(1);
    EXPECT_EQ(w.take().size_bytes(), 4u);
    EXPECT_EQ(w.size_bytes(), 0u);
    EXPECT_EQ(w.take().size_bytes(), 0u);
}

}  // namespace
}  // namespace sb::protocol

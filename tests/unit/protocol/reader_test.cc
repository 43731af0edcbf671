#include "protocol/reader.h"

#include <gtest/gtest.h>

#include <vector>

#include "base/iobuf.h"
#include "unit/protocol/test_bytes.h"

namespace sb::protocol {
namespace {

TEST(Reader, ReadsBigEndianIntegers) {
    const auto data = bytes_of({0xFF, 0x12, 0x34, 0x80, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
                                0xAB, 0xCD});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_int8(), -1);
    EXPECT_EQ(r.read_int16(), 0x1234);
    EXPECT_EQ(r.read_int32(), INT32_MIN + 1);
    EXPECT_EQ(r.read_int64(), -2);
    EXPECT_EQ(r.read_uint16(), 0xABCD);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remaining_bytes(), 0u);
}

TEST(Reader, ReadsFloat64BoolAndUuid) {
    // 1.5 is 0x3FF8000000000000.
    auto data = bytes_of({0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0x02, 0x00});
    for (int i = 0; i < 16; ++i) data.push_back(static_cast<uint8_t>(i));
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_float64(), 1.5);
    EXPECT_TRUE(r.read_bool());  // any non-zero byte
    EXPECT_FALSE(r.read_bool());
    const uuid u = r.read_uuid();
    EXPECT_EQ(u.bytes[0], 0);
    EXPECT_EQ(u.bytes[15], 15);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, ReadsClassicAndCompactStrings) {
    const auto data = bytes_of({0x00, 0x02, 'h', 'i', 0xFF, 0xFF, 0x03, 'y', 'o', 0x00});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_string(false), "hi");
    EXPECT_EQ(r.read_nullable_string(false), std::nullopt);
    EXPECT_EQ(r.read_string(true), "yo");
    EXPECT_EQ(r.read_nullable_string(true), std::nullopt);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, NullInNonNullableStringIsInvalidRequest) {
    const auto data = bytes_of({0xFF, 0xFF, 0x00});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_string(false), "");
    EXPECT_EQ(r.error(), error_code::invalid_request);
    EXPECT_EQ(r.remaining_bytes(), 0u);  // sticky: nothing more is read
    EXPECT_EQ(r.read_int8(), 0);
}

TEST(Reader, ReadsBytes) {
    const auto data = bytes_of({0x00, 0x00, 0x00, 0x02, 7, 8, 0x03, 9, 10, 0xFF, 0xFF, 0xFF, 0xFF});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_bytes(false), bytes_of({7, 8}));
    EXPECT_EQ(r.read_bytes(true), bytes_of({9, 10}));
    EXPECT_EQ(r.read_nullable_bytes(false), std::nullopt);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, RecordsShareTheFrameWithoutCopying) {
    iobuf frame = iobuf::copy_of(bytes_of({0x00, 0x00, 0x00, 0x03, 'a', 'b', 'c', 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                                           0xFF, 0xFF}));
    reader r(frame);
    const record_set rs = r.read_records(false);
    ASSERT_FALSE(rs.is_null());
    EXPECT_EQ(rs.bytes().to_string(), "abc");
    ASSERT_EQ(rs.bytes().fragments().size(), 1u);
    // Same chunk as the frame, at offset 4: a share, not a copy.
    EXPECT_EQ(rs.bytes().fragments()[0].data(), frame.fragments()[0].data() + 4);
    const record_set empty = r.read_records(false);
    EXPECT_FALSE(empty.is_null());
    EXPECT_EQ(empty.size_bytes(), 0u);
    EXPECT_TRUE(r.read_records(false).is_null());
    EXPECT_TRUE(r.ok());
}

TEST(Reader, FragmentedFrameIsLinearisedOnce) {
    iobuf frame = iobuf::copy_of(bytes_of({0x00, 0x01}));
    frame.append(iobuf::copy_of(bytes_of({0x02, 0x03})));
    ASSERT_EQ(frame.fragments().size(), 2u);
    reader r(frame);
    EXPECT_EQ(r.read_int32(), 0x00010203);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, ArrayLengths) {
    const auto data = bytes_of({0x00, 0x00, 0x00, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0x00, 0xAA, 0xBB});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_array_length(false, false, 1), 2);
    EXPECT_EQ(r.read_array_length(false, true, 1), -1);
    EXPECT_EQ(r.read_array_length(true, false, 1), 2);
    EXPECT_EQ(r.read_array_length(true, true, 1), -1);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, UnsignedVarint) {
    const auto data = bytes_of({0x96, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.read_unsigned_varint(), 150u);
    EXPECT_EQ(r.read_unsigned_varint(), 0xFFFFFFFFu);
    EXPECT_TRUE(r.ok());
}

TEST(Reader, PeekDoesNotConsume) {
    const auto data = bytes_of({0x00, 0x12, 0x00, 0x03});
    reader r{std::span<const uint8_t>(data)};
    EXPECT_EQ(r.peek_int16(0), 18);
    EXPECT_EQ(r.peek_int16(2), 3);
    EXPECT_EQ(r.peek_int16(3), std::nullopt);
    EXPECT_EQ(r.position(), 0u);
}

TEST(Reader, TaggedFieldsAreSkippedByDeclaredSize) {
    // Two tagged fields: tag 5 with 3 bytes, tag 300 (varint 0xAC 0x02) with 1 byte; then 0x7F.
    const auto data = bytes_of({0x02, 0x05, 0x03, 1, 2, 3, 0xAC, 0x02, 0x01, 9, 0x7F});
    reader r{std::span<const uint8_t>(data)};
    r.skip_tagged_fields();
    EXPECT_EQ(r.read_int8(), 0x7F);
    EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace sb::protocol

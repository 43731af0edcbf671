#include "base/crc32c.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// Known vectors: RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
TEST(Crc32c, CheckValue) {
    const char* s = "123456789";
    EXPECT_EQ(sb::crc32c::value(s, 9), 0xE3069283u);
}

TEST(Crc32c, Rfc3720Vectors) {
    std::vector<uint8_t> zeros(32, 0x00), ones(32, 0xFF), inc(32), dec(32);
    for (int i = 0; i < 32; ++i) {
        inc[i] = static_cast<uint8_t>(i);
        dec[i] = static_cast<uint8_t>(31 - i);
    }
    EXPECT_EQ(sb::crc32c::value(zeros.data(), zeros.size()), 0x8A9136AAu);
    EXPECT_EQ(sb::crc32c::value(ones.data(), ones.size()), 0x62A8AB43u);
    EXPECT_EQ(sb::crc32c::value(inc.data(), inc.size()), 0x46DD794Eu);
    EXPECT_EQ(sb::crc32c::value(dec.data(), dec.size()), 0x113FDB5Cu);
}

TEST(Crc32c, EmptyIsZero) { EXPECT_EQ(sb::crc32c::value(nullptr, 0), 0u); }

TEST(Crc32c, ExtendEqualsWhole) {
    std::string s = "The quick brown fox jumps over the lazy dog";
    uint32_t whole = sb::crc32c::value(s.data(), s.size());
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
        uint32_t part = sb::crc32c::extend(sb::crc32c::value(s.data(), cut), s.data() + cut, s.size() - cut);
        EXPECT_EQ(part, whole) << "cut at " << cut;
    }
    EXPECT_EQ(whole, 0x22620404u);
}

TEST(Crc32c, HardwareMatchesPortableOnRandomData) {
    if (!sb::crc32c::hardware_available()) {
        // Without SSE4.2 extend_hardware falls back to the portable code; the comparison
        // below then still checks that the dispatch gives the portable answer.
    }
    std::mt19937 rng(42);
    for (std::size_t len : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 1000u, 4097u}) {
        for (std::size_t misalign = 0; misalign < 8; ++misalign) {
            std::vector<uint8_t> buf(len + misalign);
            for (auto& b : buf) b = static_cast<uint8_t>(rng());
            const uint8_t* p = buf.data() + misalign;
            EXPECT_EQ(sb::crc32c::extend_hardware(0, p, len), sb::crc32c::extend_portable(0, p, len))
                << "len " << len << " misalign " << misalign;
            EXPECT_EQ(sb::crc32c::extend(0, p, len), sb::crc32c::extend_portable(0, p, len));
        }
    }
}

}  // namespace

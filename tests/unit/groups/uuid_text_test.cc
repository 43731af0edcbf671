#include "kafka/groups/uuid_text.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::kafka::groups {
namespace {

TEST(uuid_text, java_uuid_form) {
    std::array<uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 0x11);
    EXPECT_EQ(uuid_text(bytes), "00112233-4455-6677-8899-aabbccddeeff");
    EXPECT_EQ(uuid_text({}), "00000000-0000-0000-0000-000000000000");
}

TEST(uuid_text, random_source_gives_distinct_version_4_uuids) {
    auto next = random_uuid_text_source();
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string u = next();
        ASSERT_EQ(u.size(), 36u);
        EXPECT_EQ(u[8], '-');
        EXPECT_EQ(u[13], '-');
        EXPECT_EQ(u[14], '4');  // version
        EXPECT_EQ(u[18], '-');
        EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);  // variant
        EXPECT_EQ(u[23], '-');
        seen.insert(u);
    }
    EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace sb::kafka::groups

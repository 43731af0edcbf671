#include "http/cluster_routes.h"

#include <gtest/gtest.h>

namespace {

TEST(ClusterRoutes, PercentEscapesAreDecoded) {
    EXPECT_EQ(sb::http::percent_decode("audit%2Elog_v2"), "audit.log_v2");
    EXPECT_EQ(sb::http::percent_decode("a%2fb%2F"), "a/b/");
    EXPECT_EQ(sb::http::percent_decode("plain-name"), "plain-name");
    EXPECT_EQ(sb::http::percent_decode(""), "");
    EXPECT_FALSE(sb::http::percent_decode("bad%zz"));
    EXPECT_FALSE(sb::http::percent_decode("cut%2"));
    EXPECT_FALSE(sb::http::percent_decode("%"));
}

}  // namespace

#include "net/endpoint.h"

#include <gtest/gtest.h>

namespace {

TEST(Endpoint, ParsesHostPortForms) {
    auto v4 = sb::net::parse_endpoint("127.0.0.1:9092");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 9092);
    EXPECT_EQ(v4->to_string(), "127.0.0.1:9092");
    auto name = sb::net::parse_endpoint("localhost:0");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->host, "localhost");
    EXPECT_EQ(name->port, 0);
    auto v6 = sb::net::parse_endpoint("[::1]:19092");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 19092);
    EXPECT_EQ(v6->to_string(), "[::1]:19092");
}

TEST(Endpoint, RejectsBadForms) {
    EXPECT_EQ(sb::net::parse_endpoint("9092").error(), "expected host:port");
    EXPECT_EQ(sb::net::parse_endpoint(":9092").error(), "the host is empty");
    EXPECT_EQ(sb::net::parse_endpoint("host:70000").error(), "the port must be a number from 0 to 65535");
    EXPECT_EQ(sb::net::parse_endpoint("host:").error(), "the port must be a number from 0 to 65535");
    EXPECT_EQ(sb::net::parse_endpoint("host:12x").error(), "the port must be a number from 0 to 65535");
    EXPECT_EQ(sb::net::parse_endpoint("::1:9092").error(), "an IPv6 host must be written in brackets: [host]:port");
    EXPECT_EQ(sb::net::parse_endpoint("[::1]9092").error(), "expected [ipv6]:port");
}

}  // namespace

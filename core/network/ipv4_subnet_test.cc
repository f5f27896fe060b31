#include "core/network/ipv4_subnet.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(Ipv4Subnet, ParsesAndPrintsCidr) {
    auto subnet = parse_ipv4_subnet("10.210.3.0/24");
    ASSERT_TRUE(subnet.ok()) << subnet.error().message;
    EXPECT_EQ(subnet->base, (10u << 24) | (210u << 16) | (3u << 8));
    EXPECT_EQ(subnet->prefix, 24);
    EXPECT_EQ(subnet->size(), 256u);
    EXPECT_EQ(subnet->text(), "10.210.3.0/24");
    EXPECT_EQ(ipv4_text(first_host(*subnet)), "10.210.3.1");
    EXPECT_EQ(ipv4_text(subnet->last()), "10.210.3.255");
}

TEST(Ipv4Subnet, WholeAddressSpaceAndSingleHost) {
    auto all = parse_ipv4_subnet("0.0.0.0/0");
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), uint64_t{1} << 32);
    EXPECT_EQ(all->last(), 0xffffffffu);
    auto host = parse_ipv4_subnet("192.168.1.7/32");
    ASSERT_TRUE(host.ok());
    EXPECT_EQ(host->size(), 1u);
    EXPECT_TRUE(all->overlaps(*host));
}

TEST(Ipv4Subnet, RejectsBadTextWithPreciseErrors) {
    EXPECT_EQ(parse_ipv4_subnet("10.210.0.0").error().message,
              "\"10.210.0.0\" is not a subnet: expected CIDR form such as 10.210.0.0/16");
    EXPECT_EQ(parse_ipv4_subnet("10.210.0/16").error().message,
              "\"10.210.0\" is not an IPv4 address (A.B.C.D)");
    EXPECT_EQ(parse_ipv4_subnet("10.256.0.0/16").error().message,
              "\"10.256.0.0\" is not an IPv4 address (A.B.C.D)");
    EXPECT_EQ(parse_ipv4_subnet("10.210.0.0/33").error().message,
              "\"10.210.0.0/33\": the prefix length after '/' must be 0 to 32");
    EXPECT_EQ(parse_ipv4_subnet("10.210.0.0/").error().message,
              "\"10.210.0.0/\": the prefix length after '/' must be 0 to 32");
    EXPECT_EQ(parse_ipv4_subnet("10.210.1.0/16").error().message,
              "\"10.210.1.0/16\" has host bits set; the network is 10.210.0.0/16");
    EXPECT_FALSE(parse_ipv4_subnet("010.210.0.0/16").ok());  // octal-looking
    EXPECT_FALSE(parse_ipv4_subnet("10.210.0.0/+8").ok());
    EXPECT_FALSE(parse_ipv4_subnet(" 10.210.0.0/16").ok());
    EXPECT_FALSE(parse_ipv4_subnet("10.210.0.0.0/16").ok());
    EXPECT_FALSE(parse_ipv4_subnet("").ok());
}

TEST(Ipv4Subnet, Overlaps) {
    auto pool = *parse_ipv4_subnet("10.210.0.0/16");
    EXPECT_TRUE(pool.overlaps(*parse_ipv4_subnet("10.210.7.0/24")));
    EXPECT_TRUE(pool.overlaps(*parse_ipv4_subnet("10.0.0.0/8")));
    EXPECT_FALSE(pool.overlaps(*parse_ipv4_subnet("10.211.0.0/24")));
    EXPECT_FALSE(pool.overlaps(*parse_ipv4_subnet("10.209.255.0/24")));
    EXPECT_TRUE(pool.contains(*parse_ipv4_address("10.210.255.255")));
    EXPECT_FALSE(pool.contains(*parse_ipv4_address("10.211.0.0")));
}

}  // namespace
}  // namespace edge

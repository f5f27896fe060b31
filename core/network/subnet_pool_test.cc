#include "core/network/subnet_pool.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace edge {
namespace {

Ipv4Subnet subnet(const char* text) {
    auto parsed = parse_ipv4_subnet(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.ok() ? *parsed : Ipv4Subnet{};
}

SubnetPool pool(const char* range, int prefix) {
    auto made = make_subnet_pool(range, prefix);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? *made : SubnetPool{};
}

TEST(SubnetPool, DefaultIsTen210SlashSixteenInSlashTwentyFours) {
    SubnetPool defaults;
    EXPECT_EQ(defaults.range.text(), "10.210.0.0/16");
    EXPECT_EQ(defaults.prefix, 24);
    EXPECT_EQ(pool("10.210.0.0/16", 24), defaults);
}

TEST(SubnetPool, RejectsBadConfigurationNamingTheFlag) {
    EXPECT_EQ(make_subnet_pool("10.210.0.0/16x", 24).error().message,
              "--stack-subnet-pool: \"10.210.0.0/16x\": the prefix length after '/' must be 0 "
              "to 32");
    EXPECT_EQ(make_subnet_pool("10.210.4.0/16", 24).error().message,
              "--stack-subnet-pool: \"10.210.4.0/16\" has host bits set; the network is "
              "10.210.0.0/16");
    EXPECT_EQ(make_subnet_pool("127.0.0.0/16", 24).error().message,
              "--stack-subnet-pool: 127.0.0.0/16 overlaps loopback (127.0.0.0/8); use a private "
              "range such as 10.210.0.0/16");
    EXPECT_FALSE(make_subnet_pool("0.0.0.0/0", 24).ok());
    EXPECT_FALSE(make_subnet_pool("169.254.0.0/16", 24).ok());
    EXPECT_FALSE(make_subnet_pool("239.1.0.0/16", 24).ok());
    EXPECT_EQ(make_subnet_pool("10.210.0.0/16", 30).error().message,
              "--stack-subnet-size: 30 is not a prefix length from 16 to 28 (e.g. 24 or 26)");
    EXPECT_FALSE(make_subnet_pool("10.210.0.0/16", 8).ok());
    EXPECT_EQ(make_subnet_pool("10.210.0.0/24", 20).error().message,
              "--stack-subnet-size: a /20 per stack does not fit in the pool 10.210.0.0/24");
    EXPECT_TRUE(make_subnet_pool("10.210.0.0/26", 26).ok());  // exactly one stack
}

TEST(SubnetPool, AllocatesTheLowestFreeSubnet) {
    SubnetPool p = pool("10.210.0.0/16", 24);
    EXPECT_EQ(allocate_subnet(p, {})->text(), "10.210.0.0/24");
    EXPECT_EQ(allocate_subnet(p, {subnet("10.210.0.0/24")})->text(), "10.210.1.0/24");
    // A hole left by a freed subnet is reused first.
    EXPECT_EQ(allocate_subnet(p, {subnet("10.210.0.0/24"), subnet("10.210.2.0/24")})->text(),
              "10.210.1.0/24");
}

TEST(SubnetPool, IsDeterministicWhateverTheOrderOfTakenSubnets) {
    SubnetPool p = pool("10.210.0.0/16", 26);
    std::vector<Ipv4Subnet> taken = {subnet("10.210.0.64/26"), subnet("10.210.0.0/26"),
                                     subnet("10.210.0.192/26")};
    auto first = allocate_subnet(p, taken);
    std::reverse(taken.begin(), taken.end());
    auto second = allocate_subnet(p, taken);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->text(), "10.210.0.128/26");
    EXPECT_EQ(*first, *second);
}

TEST(SubnetPool, SkipsNetworksInUseOfAnySize) {
    SubnetPool p = pool("10.210.0.0/16", 24);
    // A node's LAN route covering the first four /24s, and a single host route in the fifth.
    auto picked = allocate_subnet(p, {subnet("10.210.0.0/22"), subnet("10.210.4.9/32")});
    ASSERT_TRUE(picked.ok());
    EXPECT_EQ(picked->text(), "10.210.5.0/24");
    // A route larger than the pool takes all of it; one outside it takes nothing.
    EXPECT_FALSE(allocate_subnet(p, {subnet("10.0.0.0/8")}).ok());
    EXPECT_EQ(allocate_subnet(p, {subnet("192.168.1.0/24"), subnet("10.211.0.0/16")})->text(),
              "10.210.0.0/24");
    // Overlapping and duplicate entries.
    EXPECT_EQ(allocate_subnet(p, {subnet("10.210.0.0/23"), subnet("10.210.0.0/24"),
                                  subnet("10.210.1.0/24"), subnet("10.210.1.0/24")})
                  ->text(),
              "10.210.2.0/24");
}

TEST(SubnetPool, ReportsExhaustion) {
    SubnetPool p = pool("10.210.0.0/22", 24);  // four stacks
    std::vector<Ipv4Subnet> taken;
    for (int i = 0; i < 4; ++i) {
        auto next = allocate_subnet(p, taken);
        ASSERT_TRUE(next.ok()) << i;
        taken.push_back(*next);
    }
    EXPECT_EQ(taken.back().text(), "10.210.3.0/24");
    auto full = allocate_subnet(p, taken);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().message, "no free /24 left in 10.210.0.0/22");
    // Freeing one makes exactly that one available again.
    taken.erase(taken.begin() + 2);
    EXPECT_EQ(allocate_subnet(p, taken)->text(), "10.210.2.0/24");
}

TEST(SubnetPool, TopOfTheAddressSpaceDoesNotWrap) {
    SubnetPool p{subnet("223.255.255.0/24"), 25};
    auto first = allocate_subnet(p, {});
    ASSERT_TRUE(first.ok());
    auto second = allocate_subnet(p, {*first});
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->text(), "223.255.255.128/25");
    EXPECT_FALSE(allocate_subnet(p, {*first, *second}).ok());
}

TEST(SubnetPool, HundredsOfStacksInTheDefaultPool) {
    SubnetPool p;
    std::vector<Ipv4Subnet> taken;
    for (int i = 0; i < 256; ++i) {
        auto next = allocate_subnet(p, taken);
        ASSERT_TRUE(next.ok()) << i;
        EXPECT_EQ(next->base, p.range.base + static_cast<uint32_t>(i) * 256u);
        taken.push_back(*next);
    }
    EXPECT_FALSE(allocate_subnet(p, taken).ok());
}

}  // namespace
}  // namespace edge

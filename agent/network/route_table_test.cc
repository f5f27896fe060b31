#include "agent/network/route_table.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace edge {
namespace {

// /proc/net/route as a Pi on a home LAN with a WireGuard tunnel and a running engine prints it
// (little-endian hex, as on x86 and ARM).
constexpr const char* kRouteTable =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"   // default via 192.168.1.1
    "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"   // 192.168.1.0/24
    "wg0\t0000080A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"      // 10.8.0.0/24
    "wg0\t0500080A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n"      // 10.8.0.5/32, inside
    "eth0\t0000D20A\t0201A8C0\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0\n"     // 10.210.0.0/16 via LAN
    "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"  // the engine's bridge
    "br-0f3c2a\t0003D20A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "eth1\t0000A8C0\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"  // down
    "lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n"
    "eth0\tnonsense\n"
    "eth0\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n";  // mask with holes

std::vector<std::string> texts(const std::vector<Ipv4Subnet>& networks) {
    std::vector<std::string> out;
    for (const auto& network : networks) out.push_back(network.text());
    return out;
}

TEST(RouteTable, KeepsTheNodesOwnNetworksAndRoutes) {
    EXPECT_EQ(texts(parse_route_table(kRouteTable)),
              (std::vector<std::string>{"10.8.0.0/24", "10.210.0.0/16", "192.168.1.0/24"}));
}

TEST(RouteTable, EmptyOrHeaderOnlyGivesNothing) {
    EXPECT_TRUE(parse_route_table("").empty());
    EXPECT_TRUE(parse_route_table("Iface\tDestination\tGateway\n").empty());
}

TEST(RouteTable, DestinationWithHostBitsIsMasked) {
    // 192.168.1.77 with a /24 mask: reported as its network.
    auto networks = parse_route_table(
        "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
        "eth0\t4D01A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n");
    EXPECT_EQ(texts(networks), std::vector<std::string>{"192.168.1.0/24"});
}

TEST(RouteTable, ReportsAtMostTheBroadestNetworks) {
    std::string text = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n";
    char line[128];
    // 100 host routes 172.20.0.1 .. 172.20.0.100 and one /12 elsewhere.
    for (int i = 1; i <= 100; ++i) {
        std::snprintf(line, sizeof line, "tun0\t%02X0014AC\t00000000\t0005\t0\t0\t0\tFFFFFFFF\n",
                      i);
        text += line;
    }
    text += "eth0\t00001064\t00000000\t0001\t0\t0\t0\t0000F0FF\n";  // 100.16.0.0/12
    auto networks = parse_route_table(text);
    ASSERT_EQ(networks.size(), kMaxReportedNetworks);
    // The /12 survives; of the host routes, those at the lowest addresses do.
    EXPECT_EQ(networks.front().text(), "100.16.0.0/12");
    EXPECT_EQ(networks.back().text(), "172.20.0.63/32");
}

TEST(RouteTable, ReadsProcNetRouteUnderAGivenRoot) {
    auto root = std::filesystem::temp_directory_path() / "edge-route-table-test";
    std::filesystem::create_directories(root / "net");
    std::ofstream(root / "net" / "route") << kRouteTable;
    EXPECT_EQ(networks_in_use(root.string()),
              (std::vector<std::string>{"10.8.0.0/24", "10.210.0.0/16", "192.168.1.0/24"}));
    std::filesystem::remove_all(root);
    EXPECT_TRUE(networks_in_use(root.string()).empty());
}

}  // namespace
}  // namespace edge

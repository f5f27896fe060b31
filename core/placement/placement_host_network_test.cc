// `network_mode: host` and `network_mode: service:NAME` in placement: a host-networked
// replica's container ports are host ports, and a replica sharing another service's network
// goes only where that service runs.
#include <gtest/gtest.h>

#include "core/placement/placement.h"
#include "core/placement/placement_node_rules.h"
#include "core/placement/placement_test_util.h"

namespace edge {
namespace {

using placement_test::cluster;
using placement_test::find;
using placement_test::nuc;

ServiceSpec host_networked(const std::string& name, std::vector<PortMapping> ports,
                           int replicas = 1) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.replicas = replicas;
    spec.ports = std::move(ports);
    spec.runtime.network_mode = "host";
    return spec;
}

TEST(PlacementHostNetworkTest, ContainerPortsAreHostPorts) {
    ServiceSpec spec = host_networked("ha", {{8123, 18123, "tcp", ""}});
    spec.expose.push_back({5353, 0, "udp", ""});
    std::vector<HostPort> ports = placement_host_ports(spec);
    ASSERT_EQ(ports.size(), 2u);
    EXPECT_EQ(ports[0].text(), "5353/udp");
    EXPECT_EQ(ports[1].text(), "8123/tcp");
}

TEST(PlacementHostNetworkTest, TwoReplicasNeverShareANode) {
    Plan plan = plan_placement(
        cluster({nuc("a"), nuc("b")}, {host_networked("ha", {{8123, 0, "tcp", ""}}, 3)}));
    EXPECT_FALSE(find(plan, "ha", 0).node.empty());
    EXPECT_FALSE(find(plan, "ha", 1).node.empty());
    EXPECT_NE(find(plan, "ha", 0).node, find(plan, "ha", 1).node);
    EXPECT_EQ(find(plan, "ha", 2).node, "");
    EXPECT_EQ(find(plan, "ha", 2).reason,
              "a: host port 8123/tcp (network_mode: host) is held by another replica of this "
              "service; b: host port 8123/tcp (network_mode: host) is held by another replica of "
              "this service");
}

TEST(PlacementHostNetworkTest, ConflictsWithAPublishedPortOfAnotherService) {
    ServiceSpec published;
    published.name = "admin";
    published.image = "busybox";
    published.ports.push_back({80, 8123, "tcp", ""});
    Plan plan = plan_placement(
        cluster({nuc("a")}, {published, host_networked("ha", {{8123, 0, "tcp", ""}})}));
    EXPECT_EQ(find(plan, "admin", 0).node, "a");
    EXPECT_EQ(find(plan, "ha", 0).node, "");
    EXPECT_EQ(find(plan, "ha", 0).reason,
              "a: host port 8123/tcp (network_mode: host) is held by app/admin");
}

ServiceSpec sharing(const std::string& name, const std::string& peer) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.runtime.network_mode = "service:" + peer;
    return spec;
}

TEST(PlacementServiceNetworkTest, GoesWhereItsPeerRuns) {
    ServiceSpec vpn;
    vpn.name = "vpn";
    vpn.image = "gluetun";
    vpn.constraints.push_back({"node.hostname", true, "b"});
    // "a-torrent" sorts before "vpn", and is larger: it would be placed first without the rule.
    ServiceSpec torrent = sharing("a-torrent", "vpn");
    torrent.memory_limit = torrent.memory_reservation = 1 * kGiB;
    Plan plan = plan_placement(cluster({nuc("a", 64 * kGiB), nuc("b"), nuc("c")}, {torrent, vpn}));
    EXPECT_EQ(find(plan, "vpn", 0).node, "b");
    EXPECT_EQ(find(plan, "a-torrent", 0).node, "b");
}

TEST(PlacementServiceNetworkTest, PendingWhenThePeerRunsNowhere) {
    ServiceSpec vpn;
    vpn.name = "vpn";
    vpn.image = "gluetun";
    vpn.constraints.push_back({"node.hostname", true, "nowhere"});
    Plan plan = plan_placement(cluster({nuc("a")}, {sharing("torrent", "vpn"), vpn}));
    EXPECT_EQ(find(plan, "torrent", 0).node, "");
    EXPECT_EQ(find(plan, "torrent", 0).reason,
              "a: no replica of vpn here (network_mode: service:vpn)");
}

TEST(PlacementServiceNetworkTest, StaysWithItsPeerAcrossReplans) {
    ServiceSpec vpn;
    vpn.name = "vpn";
    vpn.image = "gluetun";
    PlacementInput input = cluster({nuc("a"), nuc("b")}, {sharing("a-torrent", "vpn"), vpn});
    input.current.push_back({{"app", "vpn", 0}, "b"});
    input.current.push_back({{"app", "a-torrent", 0}, "b"});
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "vpn", 0).node, "b");
    EXPECT_EQ(find(plan, "a-torrent", 0).node, "b");
}

}  // namespace
}  // namespace edge

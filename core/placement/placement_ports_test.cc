// Port-aware placement: two replicas that bind the same host port never share a node, and a
// replica that finds every node's port taken stays pending with a reason naming the port and
// the service holding it.
#include <gtest/gtest.h>

#include "core/placement/placement.h"
#include "core/placement/placement_test_util.h"

namespace edge {
namespace {

using placement_test::cluster;
using placement_test::find;
using placement_test::nuc;

ServiceSpec publishing(const std::string& name, uint16_t host_port, int replicas = 1) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.replicas = replicas;
    spec.ports.push_back({80, host_port, "tcp", ""});
    return spec;
}

TEST(PlacementPortsTest, TwoServicesOnOneHostPortGoToDifferentNodes) {
    Plan plan = plan_placement(
        cluster({nuc("a"), nuc("b")}, {publishing("front", 8080), publishing("admin", 8080)}));
    const auto& front = find(plan, "front", 0);
    const auto& admin = find(plan, "admin", 0);
    ASSERT_FALSE(front.node.empty());
    ASSERT_FALSE(admin.node.empty());
    EXPECT_NE(front.node, admin.node);
}

TEST(PlacementPortsTest, ConflictOnTheOnlyNodeIsPendingWithPortAndHolder) {
    Plan plan =
        plan_placement(cluster({nuc("a")}, {publishing("admin", 8080), publishing("front", 8080)}));
    // Equal reservations: placed in key order, so admin takes the port first.
    EXPECT_EQ(find(plan, "admin", 0).node, "a");
    EXPECT_EQ(find(plan, "front", 0).node, "");
    EXPECT_EQ(find(plan, "front", 0).reason, "a: host port 8080/tcp is held by app/admin");
}

TEST(PlacementPortsTest, ReplicasOfOneServiceWithAHostPortNeverShare) {
    Plan plan = plan_placement(cluster({nuc("a"), nuc("b")}, {publishing("web", 80, 3)}));
    EXPECT_NE(find(plan, "web", 0).node, find(plan, "web", 1).node);
    EXPECT_FALSE(find(plan, "web", 0).node.empty());
    EXPECT_FALSE(find(plan, "web", 1).node.empty());
    EXPECT_EQ(find(plan, "web", 2).node, "");
    EXPECT_EQ(find(plan, "web", 2).reason,
              "a: host port 80/tcp is held by another replica of this service; "
              "b: host port 80/tcp is held by another replica of this service");
}

TEST(PlacementPortsTest, DifferentProtocolsDoNotConflict) {
    ServiceSpec dns = publishing("dns-tcp", 53);
    ServiceSpec dns_udp = publishing("dns-udp", 53);
    dns_udp.ports[0].protocol = "udp";
    Plan plan = plan_placement(cluster({nuc("a")}, {dns, dns_udp}));
    EXPECT_EQ(find(plan, "dns-tcp", 0).node, "a");
    EXPECT_EQ(find(plan, "dns-udp", 0).node, "a");
}

TEST(PlacementPortsTest, ExposedPortsCountAsHostPorts) {
    // An exposed port is published on the node's address for consumers on other nodes, so two
    // databases exposing 3306 cannot share a node either.
    ServiceSpec db1;
    db1.name = "db1";
    db1.image = "mariadb";
    db1.expose.push_back({3306, 0, "tcp", ""});
    ServiceSpec db2 = db1;
    db2.name = "db2";
    Plan plan = plan_placement(cluster({nuc("a")}, {db1, db2}));
    EXPECT_EQ(find(plan, "db1", 0).node, "a");
    EXPECT_EQ(find(plan, "db2", 0).reason, "a: host port 3306/tcp is held by app/db1");
}

TEST(PlacementPortsTest, KeptReplicaKeepsItsPortAgainstNewcomers) {
    PlacementInput in = cluster({nuc("a"), nuc("b")}, {publishing("admin", 8080)});
    in.services.push_back({"other", publishing("front", 8080)});
    in.current.push_back({{"other", "front", 0}, "a"});
    Plan plan = plan_placement(in);
    EXPECT_EQ(find(plan, "front", 0).node, "a");
    EXPECT_EQ(find(plan, "admin", 0).node, "b");
}

TEST(PlacementPortsTest, ConflictingCurrentPlacementsAreResolvedByMovingOne) {
    // Stored placements from before port-aware placement may put two holders on one node.
    PlacementInput in =
        cluster({nuc("a"), nuc("b")}, {publishing("admin", 8080), publishing("front", 8080)});
    in.current.push_back({{"app", "admin", 0}, "a"});
    in.current.push_back({{"app", "front", 0}, "a"});
    Plan plan = plan_placement(in);
    EXPECT_EQ(find(plan, "admin", 0).node, "a");
    EXPECT_EQ(find(plan, "front", 0).node, "b");
}

}  // namespace
}  // namespace edge

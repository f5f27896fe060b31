// Device- and policy-aware placement: a service with `devices:` goes only to a node that has
// every host path it names, a node's own policy keeps away what it refuses, and a pending
// replica's reason names the missing device or the policy line for each node.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/placement/placement.h"
#include "core/placement/placement_node_rules.h"
#include "core/placement/placement_test_util.h"

namespace edge {
namespace {

using placement_test::cluster;
using placement_test::find;
using placement_test::nuc;

const std::string kZigbee = "/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0-if00-port0";

NodeInfo with_devices(NodeInfo node, std::vector<std::string> devices) {
    std::sort(devices.begin(), devices.end());
    node.facts.devices = std::move(devices);
    return node;
}

ServiceSpec needing(const std::string& name, std::vector<std::string> paths, int replicas = 1) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.replicas = replicas;
    for (const auto& path : paths) spec.runtime.devices.push_back({path, path, "rwm"});
    return spec;
}

TEST(PlacementDevicesTest, GoesToTheOnlyNodeWithTheDevice) {
    Plan plan = plan_placement(
        cluster({nuc("a", 32 * kGiB), with_devices(nuc("pi-1"), {kZigbee, "/dev/ttyUSB0"})},
                {needing("z2m", {kZigbee})}));
    EXPECT_EQ(find(plan, "z2m", 0).node, "pi-1");
}

TEST(PlacementDevicesTest, PendingReasonNamesTheMissingDeviceForEachNode) {
    Plan plan = plan_placement(cluster({with_devices(nuc("a"), {"/dev/dri"}), nuc("pi-1")},
                                       {needing("z2m", {kZigbee, "/dev/dri"})}));
    EXPECT_EQ(find(plan, "z2m", 0).node, "");
    EXPECT_EQ(find(plan, "z2m", 0).reason,
              "a: no " + kZigbee + "; pi-1: no " + kZigbee + ", /dev/dri");
}

TEST(PlacementDevicesTest, EveryNamedDeviceMustBeThere) {
    Plan plan = plan_placement(cluster(
        {with_devices(nuc("a"), {"/dev/dri"}), with_devices(nuc("b"), {"/dev/dri", kZigbee})},
        {needing("both", {"/dev/dri", kZigbee})}));
    EXPECT_EQ(find(plan, "both", 0).node, "b");
}

TEST(PlacementDevicesTest, AReplicaLeavesANodeWhoseDeviceWasUnplugged) {
    PlacementInput input =
        cluster({nuc("a"), with_devices(nuc("b"), {kZigbee})}, {needing("z2m", {kZigbee})});
    input.current.push_back({{"app", "z2m", 0}, "a"});
    Plan plan = plan_placement(input);
    EXPECT_EQ(find(plan, "z2m", 0).node, "b");
}

TEST(PlacementDevicesTest, AGlobalServiceRunsOnlyWhereTheDeviceIs) {
    ServiceSpec spec = needing("gpu-exporter", {"/dev/dri"});
    spec.global = true;
    Plan plan = plan_placement(cluster(
        {with_devices(nuc("a"), {"/dev/dri"}), nuc("b"), with_devices(nuc("c"), {"/dev/dri"})},
        {spec}));
    ASSERT_EQ(plan.replicas.size(), 2u);
    EXPECT_EQ(plan.replicas[0].node, "a");
    EXPECT_EQ(plan.replicas[1].node, "c");
}

// Property: whatever the nodes have, a replica is never placed on a node missing one of its
// devices, and a replica is pending only when no node has them all.
TEST(PlacementDevicesTest, RandomClustersNeverPlaceAReplicaWhereADeviceIsMissing) {
    const std::vector<std::string> pool = {"/dev/ttyUSB0", "/dev/ttyACM0", "/dev/dri",
                                           "/dev/net/tun", "/dev/video0",  kZigbee};
    std::mt19937 random(17);
    for (int round = 0; round < 300; ++round) {
        std::vector<NodeInfo> nodes;
        int node_count = 1 + static_cast<int>(random() % 5);
        for (int n = 0; n < node_count; ++n) {
            std::vector<std::string> devices;
            for (const auto& path : pool) {
                if (random() % 2 == 0) devices.push_back(path);
            }
            nodes.push_back(with_devices(nuc("n" + std::to_string(n)), devices));
        }
        std::vector<ServiceSpec> services;
        for (int s = 0; s < 3; ++s) {
            std::vector<std::string> wanted;
            for (const auto& path : pool) {
                if (random() % 4 == 0) wanted.push_back(path);
            }
            services.push_back(needing("s" + std::to_string(s), wanted, 1 + random() % 3));
        }
        PlacementInput input = cluster(nodes, services);
        Plan plan = plan_placement(input);
        for (const auto& assignment : plan.replicas) {
            const ServiceSpec* spec = nullptr;
            for (const auto& entry : input.services) {
                if (entry.spec.name == assignment.key.service) spec = &entry.spec;
            }
            ASSERT_NE(spec, nullptr);
            bool anywhere = false;
            for (const auto& node : input.nodes) {
                bool has_all = device_refusal(node.facts, *spec).empty();
                anywhere = anywhere || has_all;
                if (node.name == assignment.node) {
                    EXPECT_TRUE(has_all) << assignment.key.service << " on " << node.name;
                }
            }
            if (assignment.node.empty()) {
                EXPECT_FALSE(anywhere) << assignment.key.service << ": " << assignment.reason;
                EXPECT_NE(assignment.reason.find("no /dev/"), std::string::npos);
            }
        }
    }
}

NodeInfo with_policy(NodeInfo node, NodePolicy policy) {
    node.facts.policy = std::move(policy);
    return node;
}

TEST(PlacementPolicyTest, AvoidsTheNodeWhosePolicyRefusesPrivileged) {
    NodePolicy refusing = *parse_node_policy("privileged no\n", "/etc/edgeorch/agent-policy.conf",
                                             "/var/lib/edgeorch");
    NodePolicy allowing = default_node_policy("/var/lib/edgeorch");  // allows privileged
    ServiceSpec spec = needing("ha", {});
    spec.runtime.privileged = true;
    Plan plan = plan_placement(cluster(
        {with_policy(nuc("a", 32 * kGiB), refusing), with_policy(nuc("b"), allowing)}, {spec}));
    EXPECT_EQ(find(plan, "ha", 0).node, "b");
}

TEST(PlacementPolicyTest, PendingReasonNamesThePolicyLine) {
    auto policy = parse_node_policy("# this node runs nothing privileged\n\nprivileged no\n",
                                    "/etc/edgeorch/agent-policy.conf", "/var/lib/edgeorch");
    ASSERT_TRUE(policy.ok());
    ServiceSpec spec = needing("ha", {});
    spec.runtime.privileged = true;
    Plan plan = plan_placement(cluster({with_policy(nuc("pi-1"), *policy)}, {spec}));
    EXPECT_EQ(find(plan, "ha", 0).node, "");
    EXPECT_EQ(find(plan, "ha", 0).reason,
              "pi-1: refused by /etc/edgeorch/agent-policy.conf:3 (privileged no)");
}

TEST(PlacementPolicyTest, ANodeThatReportsNoPolicyIsNotFiltered) {
    ServiceSpec spec = needing("ha", {});
    spec.runtime.privileged = true;
    Plan plan = plan_placement(cluster({nuc("old-agent")}, {spec}));
    EXPECT_EQ(find(plan, "ha", 0).node, "old-agent");
}

}  // namespace
}  // namespace edge

// Stack subnets: assigned once per stack from the pool in a deterministic order, kept across
// redeploys and re-plans, freed with the stack, clear of the nodes' networks, and carried to
// the agents in the desired containers.
#include "hub/state/stack_subnets.h"

#include <gtest/gtest.h>

#include "hub/state/desired_state.h"
#include "hub/state/replan.h"

namespace edge {
namespace {

StackRecord stack(const std::string& name) {
    ServiceSpec web;
    web.name = "web";
    web.image = "nginx";
    StackRecord record;
    record.spec = {name, {web}};
    return record;
}

NodeRecord node(const std::string& name, std::vector<std::string> networks_in_use = {}) {
    NodeRecord record;
    record.name = name;
    record.facts.memory_total = 8LL * 1024 * 1024 * 1024;
    record.facts.arch = "arm64";
    record.facts.networks_in_use = std::move(networks_in_use);
    record.online = true;
    return record;
}

SubnetPool pool(const char* range, int prefix) {
    auto made = make_subnet_pool(range, prefix);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return *made;
}

TEST(StackSubnets, NewStacksGetTheLowestFreeSubnetsInNameOrder) {
    ClusterState next;
    for (const char* name : {"media", "cloud", "home"}) next.stacks[name] = stack(name);
    ASSERT_TRUE(assign_stack_subnets({}, next, SubnetPool{}).ok());
    EXPECT_EQ(next.stacks["cloud"].subnet, "10.210.0.0/24");
    EXPECT_EQ(next.stacks["home"].subnet, "10.210.1.0/24");
    EXPECT_EQ(next.stacks["media"].subnet, "10.210.2.0/24");

    ClusterState again;
    for (const char* name : {"home", "media", "cloud"}) again.stacks[name] = stack(name);
    ASSERT_TRUE(assign_stack_subnets({}, again, SubnetPool{}).ok());
    EXPECT_EQ(again, next);  // same state, same subnets
}

TEST(StackSubnets, ARedeployKeepsTheSubnetAndANewStackTakesAFreedOne) {
    ClusterState before;
    for (const char* name : {"a", "b", "c"}) before.stacks[name] = stack(name);
    ASSERT_TRUE(assign_stack_subnets({}, before, SubnetPool{}).ok());

    ClusterState next = before;
    next.stacks["c"] = stack("c");  // a redeploy builds a fresh record, without the subnet
    next.stacks.erase("a");         // removed: 10.210.0.0/24 is free again
    next.stacks["d"] = stack("d");
    ASSERT_TRUE(assign_stack_subnets(before, next, SubnetPool{}).ok());
    EXPECT_EQ(next.stacks["b"].subnet, "10.210.1.0/24");
    EXPECT_EQ(next.stacks["c"].subnet, "10.210.2.0/24");
    EXPECT_EQ(next.stacks["d"].subnet, "10.210.0.0/24");
}

TEST(StackSubnets, SkipsNetworksAnyNodeReportsInUse) {
    ClusterState next;
    next.nodes["pi-1"] = node("pi-1", {"192.168.1.0/24", "10.210.0.0/23"});
    next.nodes["nuc-1"] = node("nuc-1", {"10.210.2.128/25"});
    next.stacks["cloud"] = stack("cloud");
    ASSERT_TRUE(assign_stack_subnets({}, next, SubnetPool{}).ok());
    EXPECT_EQ(next.stacks["cloud"].subnet, "10.210.3.0/24");
    // The /26 per stack fits in the half of 10.210.2.0/24 that is free.
    ClusterState small = next;
    small.stacks["cloud"].subnet.clear();
    ASSERT_TRUE(assign_stack_subnets({}, small, pool("10.210.0.0/16", 26)).ok());
    EXPECT_EQ(small.stacks["cloud"].subnet, "10.210.2.0/26");
}

TEST(StackSubnets, ANodeNetworkSeenLaterNeverMovesAnAssignedSubnet) {
    ClusterState before;
    before.stacks["cloud"] = stack("cloud");
    ASSERT_TRUE(assign_stack_subnets({}, before, SubnetPool{}).ok());
    ClusterState next = before;
    next.nodes["pi-1"] = node("pi-1", {"10.210.0.0/16"});
    ASSERT_TRUE(assign_stack_subnets(before, next, SubnetPool{}).ok());
    EXPECT_EQ(next.stacks["cloud"].subnet, "10.210.0.0/24");
}

TEST(StackSubnets, ExhaustionFailsTheDeployWithAClearError) {
    SubnetPool two = pool("10.210.0.0/23", 24);
    ClusterState before;
    before.stacks["a"] = stack("a");
    before.stacks["b"] = stack("b");
    ASSERT_TRUE(assign_stack_subnets({}, before, two).ok());
    ClusterState next = before;
    next.stacks["c"] = stack("c");
    Status full = assign_stack_subnets(before, next, two);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().message.rfind("stack c gets no network: no free /24 left in "
                                         "10.210.0.0/23",
                                         0),
              0u)
        << full.error().message;
    EXPECT_NE(full.error().message.find("--stack-subnet-pool"), std::string::npos);
}

TEST(StackSubnets, AStackFromBeforeThePoolKeepsRunningWhenNoneIsFree) {
    SubnetPool one = pool("10.210.0.0/24", 24);
    ClusterState before;
    before.stacks["new"] = stack("new");
    before.stacks["old"] = stack("old");
    before.stacks["new"].subnet = "10.210.0.0/24";  // took the only one
    ClusterState next = before;
    ASSERT_TRUE(assign_stack_subnets(before, next, one).ok());
    EXPECT_TRUE(next.stacks["old"].subnet.empty());
}

TEST(StackSubnets, DesiredContainersCarryTheSubnetAndGateway) {
    ClusterState state;
    state.nodes["pi-1"] = node("pi-1");
    state.stacks["cloud"] = stack("cloud");
    ASSERT_TRUE(assign_stack_subnets({}, state, pool("10.210.0.0/16", 26)).ok());
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    DesiredSet set = desired_set(state, "pi-1");
    ASSERT_EQ(set.containers.size(), 1u);
    EXPECT_EQ(set.containers[0].network, "edge-cloud.pi-1");
    EXPECT_EQ(set.containers[0].network_subnet, "10.210.0.0/26");
    EXPECT_EQ(set.containers[0].network_gateway, "10.210.0.1");
}

TEST(StackSubnets, AssigningASubnetLaterChangesTheSetButNotTheContainer) {
    ClusterState before;
    before.nodes["pi-1"] = node("pi-1");
    before.stacks["cloud"] = stack("cloud");  // deployed before the pool existed
    replan(ClusterState{}, before, PlacementConfig{}, 1);
    ClusterState next = before;
    ASSERT_TRUE(assign_stack_subnets(before, next, SubnetPool{}).ok());
    Replanned replanned = replan(before, next, PlacementConfig{}, 2);
    // The agent hears of the subnet (a new generation) but keeps its container.
    EXPECT_TRUE(replanned.changed_nodes.contains("pi-1"));
    auto old_set = desired_set(before, "pi-1");
    auto new_set = desired_set(next, "pi-1");
    ASSERT_EQ(new_set.containers.size(), 1u);
    EXPECT_EQ(new_set.containers[0].network_subnet, "10.210.0.0/24");
    EXPECT_EQ(new_set.containers[0].spec_hash, old_set.containers[0].spec_hash);
}

}  // namespace
}  // namespace edge

// The desired container carries its service's runtime options, and network_mode service:NAME
// becomes the name of NAME's container on the same node.
#include "hub/state/shared_network.h"

#include <optional>

#include <gtest/gtest.h>

#include "hub/state/desired_state.h"
#include "hub/state/replan.h"

namespace edge {
namespace {

NodeRecord ready_node(const std::string& name) {
    NodeRecord record;
    record.name = name;
    record.facts = {8LL << 30, "arm64", 4, StorageKind::kSsd, "NUC", "10.0.0.1"};
    record.online = true;
    record.state = NodeState::kReady;
    record.generation = 1;
    return record;
}

ServiceSpec pinned(const std::string& name, const std::string& node) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.constraints = {{"node.hostname", true, node}};
    return spec;
}

std::optional<DesiredContainer> find(const DesiredSet& set, const std::string& service) {
    for (const auto& c : set.containers) {
        if (c.service == service) return c;
    }
    return std::nullopt;
}

ClusterState vpn_stack(const std::string& vpn_node) {
    ClusterState state;
    state.nodes["nuc-1"] = ready_node("nuc-1");
    state.nodes["nuc-2"] = ready_node("nuc-2");
    ServiceSpec vpn = pinned("vpn", vpn_node);
    vpn.runtime.cap_add = {"NET_ADMIN"};
    ServiceSpec torrent = pinned("torrent", "nuc-1");
    torrent.runtime.network_mode = "service:vpn";
    torrent.depends_on = {"vpn"};
    state.stacks["home"] = {{"home", {vpn, torrent}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    return state;
}

TEST(SharedNetwork, ServiceBecomesTheContainerOnTheSameNode) {
    ClusterState state = vpn_stack("nuc-1");
    DesiredSet set = desired_set(state, "nuc-1");
    std::optional<DesiredContainer> vpn = find(set, "vpn");
    std::optional<DesiredContainer> torrent = find(set, "torrent");
    ASSERT_TRUE(vpn && torrent);
    EXPECT_EQ(vpn->runtime.cap_add, std::vector<std::string>{"NET_ADMIN"});
    EXPECT_EQ(torrent->runtime.network_mode,
              "container:" + container_name("nuc-1", "home", "vpn", vpn->replica));
}

// Placement keeps a service:NAME replica with NAME's (core/placement/placement_node_rules.h):
// pinned to another node than NAME's, the sidecar stays pending and reaches no node's desired set.
TEST(SharedNetwork, ASidecarPinnedAwayFromItsServiceRunsNowhere) {
    ClusterState state = vpn_stack("nuc-2");
    EXPECT_FALSE(find(desired_set(state, "nuc-1"), "torrent"));
    EXPECT_FALSE(find(desired_set(state, "nuc-2"), "torrent"));
    EXPECT_TRUE(find(desired_set(state, "nuc-2"), "vpn"));
}

TEST(SharedNetwork, StackValidationRefusesUnknownServices) {
    StackSpec stack{"home", {pinned("vpn", "nuc-1"), pinned("torrent", "nuc-1")}};
    EXPECT_TRUE(check_shared_networks(stack).ok());
    stack.services[1].runtime.network_mode = "service:ghost";
    Status status = check_shared_networks(stack);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message,
              "service torrent: network_mode service:ghost does not name another service of "
              "stack home");
    stack.services[1].runtime.network_mode = "service:torrent";
    EXPECT_FALSE(check_shared_networks(stack).ok());
}

}  // namespace
}  // namespace edge

// The network reconcile against a scripted engine: networks are created on the stack's subnet,
// fall back to a subnet the engine picks only when the engine says the subnet overlaps one of
// its networks, and networks no desired container uses are removed.
#include "agent/network/network_reconciler.h"

#include <gtest/gtest.h>

#include <map>

namespace edge {
namespace {

class ScriptedNetworks : public NetworkEngine {
  public:
    Result<std::vector<std::string>> list_networks(const std::string&,
                                                   const std::string&) override {
        std::vector<std::string> names;
        for (const auto& [name, subnet] : networks) names.push_back(name);
        return names;
    }
    Status create_network(const NetworkToCreate& network, const std::string& node) override {
        created.push_back(network);
        EXPECT_EQ(node, "pi-1");
        if (!network.subnet.empty() && !refuse_subnets.empty()) return make_error(refuse_subnets);
        networks[network.name] = network.subnet.empty() ? "engine-picked" : network.subnet;
        return ok_status();
    }
    Status remove_network(const std::string& name) override {
        networks.erase(name);
        return ok_status();
    }

    std::map<std::string, std::string> networks;  // name -> subnet
    std::vector<NetworkToCreate> created;         // every create asked for, in order
    std::string refuse_subnets;                   // an engine error for any subnet asked for
};

DesiredSet set_with(const std::string& stack) {
    DesiredContainer c;
    c.stack = stack;
    c.service = "web";
    c.image = "busybox";
    c.network = "edge-" + stack + ".pi-1";
    c.network_subnet = "10.210.3.0/24";
    c.network_gateway = "10.210.3.1";
    return {"pi-1", 1, {c}};
}

TEST(NetworkReconciler, CreatesTheNetworkOnTheStackSubnet) {
    ScriptedNetworks engine;
    NetworkReconciler reconciler(engine, "pi-1");
    reconciler.ensure(set_with("cloud"));
    ASSERT_EQ(engine.created.size(), 1u);
    EXPECT_EQ(engine.created[0],
              (NetworkToCreate{"edge-cloud.pi-1", "cloud", "10.210.3.0/24", "10.210.3.1"}));
    EXPECT_EQ(engine.networks["edge-cloud.pi-1"], "10.210.3.0/24");
    reconciler.ensure(set_with("cloud"));  // converged: nothing more
    EXPECT_EQ(engine.created.size(), 1u);
}

TEST(NetworkReconciler, FallsBackToAnEngineSubnetOnlyWhenTheSubnetOverlaps) {
    ScriptedNetworks engine;
    engine.refuse_subnets =
        "creating network edge-cloud.pi-1: engine answered 403: Pool overlaps "
        "with other one on this address space";
    NetworkReconciler reconciler(engine, "pi-1");
    reconciler.ensure(set_with("cloud"));
    ASSERT_EQ(engine.created.size(), 2u);
    EXPECT_TRUE(engine.created[1].subnet.empty());
    EXPECT_TRUE(engine.created[1].gateway.empty());
    EXPECT_EQ(engine.networks["edge-cloud.pi-1"], "engine-picked");

    ScriptedNetworks other;
    other.refuse_subnets = "engine answered 500: something else broke";
    NetworkReconciler strict(other, "pi-1");
    strict.ensure(set_with("cloud"));
    EXPECT_EQ(other.created.size(), 1u);  // no fallback: the next pass retries
    EXPECT_TRUE(other.networks.empty());
}

TEST(NetworkReconciler, RemovesTheNetworksOfStacksThatLeft) {
    ScriptedNetworks engine;
    engine.networks = {{"edge-cloud.pi-1", "10.210.3.0/24"}, {"edge-old.pi-1", "10.210.4.0/24"}};
    NetworkReconciler reconciler(engine, "pi-1");
    EXPECT_TRUE(reconciler.prune(set_with("cloud")));
    EXPECT_EQ(engine.networks.size(), 1u);
    EXPECT_TRUE(engine.networks.contains("edge-cloud.pi-1"));
    EXPECT_TRUE(reconciler.prune(DesiredSet{"pi-1", 2, {}}));
    EXPECT_TRUE(engine.networks.empty());
}

}  // namespace
}  // namespace edge

#include "core/network/network_plan.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

DesiredContainer container(const std::string& stack, const std::string& service,
                           std::vector<std::string> depends_on = {}) {
    DesiredContainer c;
    c.stack = stack;
    c.service = service;
    c.image = "busybox";
    c.network = "edge-" + stack + ".pi-1";
    c.depends_on = std::move(depends_on);
    return c;
}

ReconcileAction create(DesiredContainer c) {
    ReconcileAction action;
    action.kind = ReconcileAction::Kind::kCreate;
    action.container_name = c.service;
    action.desired = std::move(c);
    return action;
}

ReconcileAction remove(const std::string& name) {
    ReconcileAction action;
    action.kind = ReconcileAction::Kind::kRemove;
    action.container_name = name;
    return action;
}

std::vector<std::string> names(const std::vector<ReconcileAction>& actions) {
    std::vector<std::string> out;
    for (const auto& action : actions) out.push_back(action.container_name);
    return out;
}

TEST(NetworkPlanTest, CreatesMissingAndRemovesUnusedStackNetworks) {
    DesiredSet desired{"pi-1", 1, {container("cloud", "app"), container("cloud", "db")}};
    desired.containers.push_back(container("home", "ha"));
    NetworkPlan plan = plan_networks(desired, {"edge-home.pi-1", "edge-old.pi-1"});
    EXPECT_EQ(plan.create, (std::vector<NetworkToCreate>{{"edge-cloud.pi-1", "cloud"}}));
    EXPECT_EQ(plan.remove, std::vector<std::string>{"edge-old.pi-1"});
}

TEST(NetworkPlanTest, NetworksToCreateCarryTheStackSubnet) {
    DesiredContainer app = container("cloud", "app");
    app.network_subnet = "10.210.4.0/24";
    app.network_gateway = "10.210.4.1";
    DesiredContainer db = app;
    db.service = "db";
    DesiredSet desired{"pi-1", 1, {app, db, container("home", "ha")}};
    NetworkPlan plan = plan_networks(desired, {});
    EXPECT_EQ(plan.create, (std::vector<NetworkToCreate>{
                               {"edge-cloud.pi-1", "cloud", "10.210.4.0/24", "10.210.4.1"},
                               {"edge-home.pi-1", "home", "", ""}}));
    // An existing network is left alone whatever its subnet: nothing to create or remove.
    plan = plan_networks(desired, {"edge-cloud.pi-1", "edge-home.pi-1"});
    EXPECT_TRUE(plan.create.empty());
    EXPECT_TRUE(plan.remove.empty());
}

TEST(NetworkPlanTest, ConvergedNodeNeedsNothing) {
    DesiredSet desired{"pi-1", 1, {container("cloud", "app")}};
    NetworkPlan plan = plan_networks(desired, {"edge-cloud.pi-1"});
    EXPECT_TRUE(plan.create.empty());
    EXPECT_TRUE(plan.remove.empty());
}

TEST(NetworkPlanTest, EmptySetRemovesEveryNetwork) {
    NetworkPlan plan = plan_networks(DesiredSet{"pi-1", 2, {}}, {"edge-a.pi-1", "edge-b.pi-1"});
    EXPECT_EQ(plan.remove, (std::vector<std::string>{"edge-a.pi-1", "edge-b.pi-1"}));
}

TEST(StartOrderTest, DependenciesAreCreatedFirstAndRemovalsStayFirst) {
    std::vector<ReconcileAction> actions{
        remove("stale"), create(container("cloud", "app", {"db", "redis"})),
        create(container("cloud", "db")), create(container("cloud", "redis", {"db"})),
        create(container("home", "ha"))};
    EXPECT_EQ(names(order_first_starts(actions)),
              (std::vector<std::string>{"stale", "db", "redis", "app", "ha"}));
}

TEST(StartOrderTest, DependencyOnAnotherStacksServiceOrOneRunningElsewhereIsIgnored) {
    std::vector<ReconcileAction> actions{create(container("cloud", "app", {"db"})),
                                         create(container("home", "db"))};
    EXPECT_EQ(names(order_first_starts(actions)), (std::vector<std::string>{"app", "db"}));
}

TEST(StartOrderTest, CycleKeepsTheOrder) {
    std::vector<ReconcileAction> actions{create(container("s", "a", {"b"})),
                                         create(container("s", "b", {"a"}))};
    EXPECT_EQ(names(order_first_starts(actions)), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace edge

// Desired-set networking: each container joins its stack's network under its service name,
// consumers on other nodes get the addresses of the nodes running the services they reach,
// and a moved replica changes its consumers' sets (new generation, new spec hash).
#include "hub/state/desired_networking.h"

#include <optional>

#include <gtest/gtest.h>

#include "core/byte_units.h"
#include "hub/state/desired_state.h"
#include "hub/state/replan.h"

namespace edge {
namespace {

NodeRecord node(const std::string& name, const std::string& address, const std::string& model) {
    NodeRecord record;
    record.name = name;
    record.facts = {8 * kGiB, "arm64", 4, StorageKind::kSsd, model, address};
    record.online = true;
    record.state = NodeState::kReady;
    record.generation = 1;
    return record;
}

ServiceSpec service(const std::string& name, const std::string& image) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = image;
    return spec;
}

// Nextcloud's shape: the app on the Pi (constraint), db and redis on NUCs.
ClusterState cloud() {
    ClusterState state;
    state.nodes["nuc-1"] = node("nuc-1", "10.213.1.2", "NUC");
    state.nodes["nuc-2"] = node("nuc-2", "10.213.2.2", "NUC");
    state.nodes["pi-1"] = node("pi-1", "10.213.3.2", "Raspberry Pi 5");
    ServiceSpec app = service("app", "nextcloud");
    app.ports = {{80, 8080, "tcp", ""}};
    app.depends_on = {"db", "redis"};
    app.constraints = {{"node.hostname", true, "pi-1"}};
    ServiceSpec db = service("db", "mariadb");
    db.expose = {{3306, 0, "tcp", ""}};
    db.network_aliases = {"mysql"};
    db.constraints = {{"node.hostname", true, "nuc-1"}};
    ServiceSpec redis = service("redis", "redis");
    redis.expose = {{6379, 0, "tcp", ""}};
    redis.constraints = {{"node.hostname", true, "pi-1"}};
    redis.allow_low_power = true;
    state.stacks["cloud"] = {{"cloud", {app, db, redis}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    return state;
}

// A copy, so that no pointer outlives the set it came from.
std::optional<DesiredContainer> find(const DesiredSet& set, const std::string& service) {
    for (const auto& c : set.containers) {
        if (c.service == service) return c;
    }
    return std::nullopt;
}

TEST(DesiredNetworking, ConsumerResolvesRemoteServicesToTheirNodes) {
    ClusterState state = cloud();
    DesiredSet pi = desired_set(state, "pi-1");
    std::optional<DesiredContainer> app = find(pi, "app");
    ASSERT_TRUE(app.has_value());
    EXPECT_EQ(app->network, "edge-cloud.pi-1");
    EXPECT_EQ(app->aliases, std::vector<std::string>{"app"});
    // db runs on nuc-1; redis runs on pi-1 too, so its name comes from the network's DNS.
    EXPECT_EQ(app->extra_hosts, (std::vector<HostEntry>{{"db", "10.213.1.2"}}));
    EXPECT_EQ(app->depends_on, (std::vector<std::string>{"db", "redis"}));

    std::optional<DesiredContainer> db = find(desired_set(state, "nuc-1"), "db");
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(db->aliases, (std::vector<std::string>{"db", "mysql"}));
    EXPECT_EQ(db->ports, (std::vector<PortMapping>{{3306, 3306, "tcp", "10.213.1.2"}}));
    EXPECT_EQ(db->extra_hosts,
              (std::vector<HostEntry>{{"app", "10.213.3.2"}, {"redis", "10.213.3.2"}}));
}

TEST(DesiredNetworking, MovingTheDatabaseRecreatesItsConsumers) {
    ClusterState before = cloud();
    std::string app_hash = find(desired_set(before, "pi-1"), "app")->spec_hash;
    ClusterState next = before;
    next.stacks["cloud"].spec.services[1].constraints = {{"node.hostname", true, "nuc-2"}};
    Replanned replanned = replan(before, next, PlacementConfig{}, 2);

    EXPECT_EQ(replanned.changed_nodes, (std::set<std::string>{"nuc-1", "nuc-2", "pi-1"}));
    EXPECT_EQ(next.nodes["pi-1"].generation, before.nodes["pi-1"].generation + 1);
    std::optional<DesiredContainer> app = find(desired_set(next, "pi-1"), "app");
    ASSERT_TRUE(app.has_value());
    EXPECT_EQ(app->extra_hosts, (std::vector<HostEntry>{{"db", "10.213.2.2"}}));
    EXPECT_NE(app->spec_hash, app_hash);
    // redis on the Pi resolves the moved db too: every service of the stack does.
    EXPECT_EQ(find(desired_set(next, "pi-1"), "redis")->extra_hosts,
              (std::vector<HostEntry>{{"db", "10.213.2.2"}}));
}

TEST(DesiredNetworking, UnknownAddressMeansNoHostsLineAndAllAddresses) {
    ClusterState state = cloud();
    state.nodes["nuc-1"].facts.address.clear();
    EXPECT_TRUE(find(desired_set(state, "pi-1"), "app")->extra_hosts.empty());
    EXPECT_EQ(find(desired_set(state, "nuc-1"), "db")->ports,
              (std::vector<PortMapping>{{3306, 3306, "tcp", ""}}));
}

TEST(DesiredNetworking, AnAddressChangeReachesConsumers) {
    ClusterState before = cloud();
    ClusterState next = before;
    next.nodes["nuc-1"].facts.address = "192.168.1.9";
    Replanned replanned = replan(before, next, PlacementConfig{}, 2);
    EXPECT_TRUE(replanned.changed_nodes.contains("pi-1"));
    EXPECT_TRUE(replanned.changed_nodes.contains("nuc-1"));  // its binding address changed
    EXPECT_EQ(find(desired_set(next, "pi-1"), "app")->extra_hosts,
              (std::vector<HostEntry>{{"db", "192.168.1.9"}}));
}

TEST(DesiredNetworking, EndpointsNameNodeAndPort) {
    ClusterState state = cloud();
    const auto& services = state.stacks["cloud"].spec.services;
    EXPECT_EQ(service_endpoints(state, "cloud", services[0]),
              std::vector<std::string>{"pi-1:8080"});
    EXPECT_EQ(service_endpoints(state, "cloud", services[1]),
              std::vector<std::string>{"nuc-1:3306"});
}

TEST(DesiredNetworking, OtherStacksAreNotResolved) {
    ClusterState state = cloud();
    ServiceSpec other = service("db", "postgres");
    other.expose = {{5432, 0, "tcp", ""}};
    other.constraints = {{"node.hostname", true, "nuc-2"}};
    state.stacks["zeta"] = {{"zeta", {other}}, 1, 1};
    replan(ClusterState{}, state, PlacementConfig{}, 1);
    EXPECT_EQ(find(desired_set(state, "pi-1"), "app")->extra_hosts,
              (std::vector<HostEntry>{{"db", "10.213.1.2"}}));
    EXPECT_EQ(find(desired_set(state, "nuc-2"), "db")->network, "edge-zeta.nuc-2");
}

}  // namespace
}  // namespace edge

#include "core/network/service_network.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ServiceSpec service(const std::string& name, std::vector<PortMapping> ports = {},
                    std::vector<PortMapping> expose = {}) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "busybox";
    spec.ports = std::move(ports);
    spec.expose = std::move(expose);
    return spec;
}

TEST(ServiceNetworkTest, HostPortsJoinPublishedAndExposedPorts) {
    ServiceSpec web = service("web", {{80, 8080, "tcp", ""}, {443, 443, "tcp", ""}},
                              {{9000, 0, "tcp", ""}, {53, 0, "udp", ""}});
    // 80 is reached at 8080 from other nodes, so only 8080 is bound for it.
    std::vector<HostPort> want{{53, "udp"}, {443, "tcp"}, {8080, "tcp"}, {9000, "tcp"}};
    EXPECT_EQ(host_ports(web), want);
}

TEST(ServiceNetworkTest, BindingsPublishContainerPortsOnTheAdvertisedAddress) {
    ServiceSpec web = service("web", {{80, 8080, "tcp", ""}, {443, 443, "tcp", ""}, {22, 0}},
                              {{3306, 0, "tcp", ""}});
    std::vector<PortMapping> want{{80, 8080, "tcp", ""},
                                  {443, 443, "tcp", ""},
                                  {22, 0, "tcp", ""},
                                  {22, 22, "tcp", "10.0.0.5"},
                                  {3306, 3306, "tcp", "10.0.0.5"}};
    // 443 is already published at 443 on every address, and 80 is reached at 8080.
    EXPECT_EQ(container_port_bindings(web, "10.0.0.5"), want);
}

TEST(ServiceNetworkTest, NoPortsNoBindings) {
    EXPECT_TRUE(container_port_bindings(service("worker"), "10.0.0.5").empty());
    EXPECT_TRUE(host_ports(service("worker")).empty());
}

TEST(ServiceNetworkTest, NetworkNameNamesStackAndNode) {
    EXPECT_EQ(stack_network_name("pi-1", "cloud"), "edge-cloud.pi-1");
}

class RemoteHostsTest : public ::testing::Test {
  protected:
    std::vector<ServiceSpec> stack{service("app", {{80, 8080, "tcp", ""}}),
                                   service("db", {}, {{3306, 0, "tcp", ""}}),
                                   service("redis", {}, {{6379, 0, "tcp", ""}}), service("cron")};
    std::map<std::string, std::string> addresses{
        {"nuc", "10.0.0.1"}, {"pi-1", "10.0.0.2"}, {"pi-2", "10.0.0.3"}};
};

TEST_F(RemoteHostsTest, ServicesOnOtherNodesResolveToTheirNodeAddress) {
    std::vector<ServiceReplicaPlacement> placements{
        {"app", 0, "pi-1"}, {"db", 0, "nuc"}, {"redis", 0, "pi-2"}, {"cron", 0, "nuc"}};
    std::vector<HostEntry> want{{"db", "10.0.0.1"}, {"redis", "10.0.0.3"}};
    EXPECT_EQ(remote_service_hosts(stack, placements, "pi-1", addresses), want);
    // The db's node: app is remote (8080 published), redis remote; cron has no ports.
    std::vector<HostEntry> on_nuc{{"app", "10.0.0.2"}, {"redis", "10.0.0.3"}};
    EXPECT_EQ(remote_service_hosts(stack, placements, "nuc", addresses), on_nuc);
}

TEST_F(RemoteHostsTest, LocalReplicaWinsOverRemoteOnes) {
    std::vector<ServiceReplicaPlacement> placements{
        {"app", 0, "pi-1"}, {"db", 0, "nuc"}, {"db", 1, "pi-1"}, {"redis", 0, "pi-1"}};
    EXPECT_TRUE(remote_service_hosts(stack, placements, "pi-1", addresses).empty());
}

TEST_F(RemoteHostsTest, LowestReplicaIndexWinsAndPendingOrUnknownAreSkipped) {
    std::vector<ServiceReplicaPlacement> placements{{"app", 0, "pi-1"},
                                                    {"db", 1, "pi-2"},
                                                    {"db", 0, "nuc"},
                                                    {"redis", 0, ""},
                                                    {"redis", 1, "ghost"}};
    std::vector<HostEntry> want{{"db", "10.0.0.1"}};
    EXPECT_EQ(remote_service_hosts(stack, placements, "pi-1", addresses), want);
}

}  // namespace
}  // namespace edge

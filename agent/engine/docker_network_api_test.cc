#include "agent/engine/docker_network_api.h"

#include <gtest/gtest.h>

#include "agent/engine/docker_api.h"

namespace edge {
namespace {

TEST(DockerNetworkApi, CreateBodyJoinsTheStackNetworkWithAliasesAndHosts) {
    ContainerCreateSpec spec;
    spec.name = "edge-cloud-app-0.pi-1";
    spec.node = "pi-1";
    spec.container.stack = "cloud";
    spec.container.service = "app";
    spec.container.image = "busybox";
    spec.container.network = "edge-cloud.pi-1";
    spec.container.aliases = {"app", "web"};
    spec.container.extra_hosts = {{"db", "10.213.1.2"}, {"redis", "fd00::3"}};
    nlohmann::json body = create_container_body(spec);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "edge-cloud.pi-1");
    EXPECT_EQ(body["HostConfig"]["ExtraHosts"],
              nlohmann::json::parse(R"(["db:10.213.1.2", "redis:fd00::3"])"));
    EXPECT_EQ(body["NetworkingConfig"]["EndpointsConfig"]["edge-cloud.pi-1"]["Aliases"],
              nlohmann::json::parse(R"(["app", "web"])"));
    EXPECT_EQ(body["HostConfig"]["Memory"], spec.container.memory_limit);  // the rest is intact
}

TEST(DockerNetworkApi, NoNetworkKeepsTheEngineDefault) {
    ContainerCreateSpec spec;
    spec.container.image = "busybox";
    nlohmann::json body = create_container_body(spec);
    EXPECT_FALSE(body["HostConfig"].contains("NetworkMode"));
    EXPECT_FALSE(body["HostConfig"].contains("ExtraHosts"));
    EXPECT_FALSE(body.contains("NetworkingConfig"));
}

TEST(DockerNetworkApi, NetworkBodyIsALabelledBridge) {
    auto body = create_network_body({"edge-cloud.pi-1", "cloud", "", ""}, "pi-1");
    EXPECT_EQ(body["Name"], "edge-cloud.pi-1");
    EXPECT_EQ(body["Driver"], "bridge");
    EXPECT_EQ(body["Labels"]["edgeorch.node"], "pi-1");
    EXPECT_EQ(body["Labels"]["edgeorch.stack"], "cloud");
    // Without a subnet from the hub, the engine's default address pools pick one.
    EXPECT_FALSE(body.contains("IPAM"));
}

TEST(DockerNetworkApi, NetworkBodyCarriesTheStackSubnetAsIpamConfig) {
    auto body =
        create_network_body({"edge-cloud.pi-1", "cloud", "10.210.7.0/24", "10.210.7.1"}, "pi-1");
    EXPECT_EQ(body["IPAM"], nlohmann::json::parse(R"({"Driver": "default",
        "Config": [{"Subnet": "10.210.7.0/24", "Gateway": "10.210.7.1"}]})"));
    EXPECT_EQ(body["Driver"], "bridge");
}

TEST(DockerNetworkApi, RecognisesTheEnginesOverlapErrors) {
    EXPECT_TRUE(is_subnet_overlap("Pool overlaps with other one on this address space"));
    EXPECT_TRUE(is_subnet_overlap(
        "invalid pool request: Pool overlaps with other one on this address space"));
    EXPECT_TRUE(
        is_subnet_overlap("cannot create network x (br-1): conflicts with network y "
                          "(br-2): networks have overlapping IPv4"));
    EXPECT_FALSE(is_subnet_overlap("network with name edge-a.pi-1 already exists"));
    EXPECT_FALSE(is_subnet_overlap(""));
}

TEST(DockerNetworkApi, NetworkListParsesNamesAndRefusesGarbage) {
    auto names = parse_network_list(R"([{"Name": "edge-a.pi-1", "Id": "x"}, {"Name": "b"}])");
    ASSERT_TRUE(names.ok()) << names.error().message;
    EXPECT_EQ(*names, (std::vector<std::string>{"edge-a.pi-1", "b"}));
    EXPECT_TRUE(parse_network_list("[]").ok());
    EXPECT_FALSE(parse_network_list("{}").ok());
    EXPECT_FALSE(parse_network_list("not json").ok());
    EXPECT_FALSE(parse_network_list(R"([{"Id": "x"}])").ok());
    EXPECT_FALSE(parse_network_list(R"([42])").ok());
}

}  // namespace
}  // namespace edge

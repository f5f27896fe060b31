// The subnet fields round-trip through the desired set and the node status, stay out of the
// JSON and the spec hash when empty, and bad values are refused with the field's name.
#include "schema/subnet_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

DesiredContainer addressed_container() {
    DesiredContainer c;
    c.stack = "cloud";
    c.service = "app";
    c.image = "busybox";
    c.network = "edge-cloud.pi-1";
    c.aliases = {"app"};
    c.network_subnet = "10.210.7.0/24";
    c.network_gateway = "10.210.7.1";
    c.spec_hash = spec_hash(c);
    return c;
}

std::string desired_with(const char* field, const nlohmann::json& value) {
    auto object = nlohmann::json::parse(encode_desired({"pi-1", 1, {addressed_container()}}));
    if (value.is_null()) {
        object["containers"][0].erase(field);
    } else {
        object["containers"][0][field] = value;
    }
    return object.dump();
}

TEST(SubnetJson, NetworkAddressingRoundTrips) {
    DesiredSet set{"pi-1", 4, {addressed_container()}};
    std::string text = encode_desired(set);
    EXPECT_NE(text.find("\"network_subnet\":\"10.210.7.0/24\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"network_gateway\":\"10.210.7.1\""), std::string::npos) << text;
    auto decoded = decode_desired(text);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

TEST(SubnetJson, NoSubnetWritesNoKeysAndTheSubnetIsNotInTheSpecHash) {
    DesiredContainer without = addressed_container();
    without.network_subnet.clear();
    without.network_gateway.clear();
    std::string text = encode_desired({"pi-1", 1, {without}});
    EXPECT_EQ(text.find("network_subnet"), std::string::npos);
    EXPECT_EQ(text.find("network_gateway"), std::string::npos);
    // A stack that predates the pool and then gets a subnet keeps its containers.
    EXPECT_EQ(spec_hash(without), spec_hash(addressed_container()));
    auto decoded = decode_desired(text);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(decoded->containers[0].network_subnet.empty());
}

TEST(SubnetJson, BadAddressingIsRefusedWithTheField) {
    struct Case {
        const char* field;
        nlohmann::json value;
        const char* error;
    };
    for (const Case& bad : std::vector<Case>{
             {"network_subnet", "10.210.7.0", "field \"containers[0].network_subnet\""},
             {"network_subnet", "10.210.7.1/24", "has host bits set"},
             {"network_subnet", "10.210.7.0/31", "a subnet of /30 or larger"},
             {"network_subnet", 24, "containers[0].network_subnet"},
             {"network_subnet", nullptr, "containers[0].network_subnet"},  // gateway alone
             {"network_gateway", nullptr, "containers[0].network_gateway"},
             {"network_gateway", "10.210.8.1", "a host address inside 10.210.7.0/24"},
             {"network_gateway", "10.210.7.0", "a host address inside 10.210.7.0/24"},
             {"network_gateway", "10.210.7.255", "a host address inside 10.210.7.0/24"},
             {"network_gateway", "gateway", "is not an IPv4 address"},
         }) {
        auto decoded = decode_desired(desired_with(bad.field, bad.value));
        ASSERT_FALSE(decoded.ok()) << bad.field << " = " << bad.value.dump();
        EXPECT_NE(decoded.error().message.find(bad.error), std::string::npos)
            << bad.field << " = " << bad.value.dump() << ": " << decoded.error().message;
    }
}

NodeStatus status_with(std::vector<std::string> networks) {
    NodeStatus status;
    status.node = "pi-1";
    status.online = true;
    status.facts.arch = "arm64";
    status.facts.networks_in_use = std::move(networks);
    return status;
}

TEST(SubnetJson, NetworksInUseRoundTripAndAreOptional) {
    NodeStatus status = status_with({"192.168.1.0/24", "10.8.0.0/24", "0.0.0.0/1"});
    auto decoded = decode_status(encode_status(status));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->facts.networks_in_use, status.facts.networks_in_use);

    std::string older = encode_status(status_with({}));  // what an older agent sends
    EXPECT_EQ(older.find("networks_in_use"), std::string::npos);
    auto decoded_older = decode_status(older);
    ASSERT_TRUE(decoded_older.ok()) << decoded_older.error().message;
    EXPECT_TRUE(decoded_older->facts.networks_in_use.empty());
}

TEST(SubnetJson, BadNetworksInUseAreRefused) {
    auto with = [](const nlohmann::json& value) {
        auto object = nlohmann::json::parse(encode_status(status_with({"10.0.0.0/8"})));
        object["facts"]["networks_in_use"] = value;
        return decode_status(object.dump());
    };
    auto bad_entry = with({"192.168.1.0/24", "192.168.1.5/24"});
    ASSERT_FALSE(bad_entry.ok());
    EXPECT_NE(bad_entry.error().message.find("facts.networks_in_use[1]"), std::string::npos)
        << bad_entry.error().message;
    EXPECT_FALSE(with("10.0.0.0/8").ok());
    EXPECT_FALSE(with({1, 2}).ok());
    std::vector<std::string> many(kMaxNetworksInUse + 1, "10.0.0.0/8");
    auto too_many = with(many);
    ASSERT_FALSE(too_many.ok());
    EXPECT_NE(too_many.error().message.find("at most 256 networks"), std::string::npos)
        << too_many.error().message;
}

}  // namespace
}  // namespace edge

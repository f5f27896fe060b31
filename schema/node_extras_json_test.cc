#include "schema/node_extras_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

NodeFacts facts_with_extras() {
    NodeFacts facts;
    facts.memory_total = 1 << 30;
    facts.arch = "arm64";
    facts.cpus = 4;
    facts.devices = {"/dev/dri", "/dev/dri/renderD128", "/dev/ttyUSB0"};
    NodePolicy policy = default_node_policy("/var/lib/edgeorch");
    policy.source = "/etc/edgeorch/agent-policy.conf";
    policy.privileged = {true, 3};
    policy.binds = {false, {"/srv", "/var/run/docker.sock"}, 5};
    facts.policy = policy;
    return facts;
}

TEST(NodeExtrasJson, RoundTripsDevicesAndPolicyThroughStatus) {
    NodeStatus status{"pi-1", true, facts_with_extras(), "0.1.0"};
    auto decoded = decode_status(encode_status(status));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->facts, status.facts);
}

TEST(NodeExtrasJson, FactsWithoutExtrasEncodeAsBefore) {
    NodeFacts facts;
    facts.arch = "amd64";
    nlohmann::json object = facts_to_json(facts);
    EXPECT_FALSE(object.contains("devices"));
    EXPECT_FALSE(object.contains("policy"));
    auto decoded = facts_from_json(object);
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(decoded->devices.empty());
    EXPECT_FALSE(decoded->policy.has_value());
}

TEST(NodeExtrasJson, RejectsTooManyDevices) {
    nlohmann::json object = facts_to_json(facts_with_extras());
    object["devices"] = nlohmann::json::array();
    for (size_t i = 0; i <= kMaxNodeDevices; ++i) {
        object["devices"].push_back("/dev/tty" + std::to_string(i));
    }
    auto decoded = facts_from_json(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("facts.devices"), std::string::npos);
}

TEST(NodeExtrasJson, RejectsRelativeDevicePathsAndMalformedPolicy) {
    nlohmann::json object = facts_to_json(facts_with_extras());
    object["devices"] = {"ttyUSB0"};
    EXPECT_FALSE(facts_from_json(object).ok());

    object = facts_to_json(facts_with_extras());
    object["policy"]["privileged"] = "yes";
    auto decoded = facts_from_json(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("policy.privileged"), std::string::npos);

    object = facts_to_json(facts_with_extras());
    object["policy"]["binds"]["entries"] = {std::string(300, 'x')};
    EXPECT_FALSE(facts_from_json(object).ok());
}

}  // namespace
}  // namespace edge

#include "security/broker/dynsec_roles.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace edge {
namespace {

bool allows(const RoleSpec& role, const std::string& type, const std::string& topic) {
    return std::any_of(role.acls.begin(), role.acls.end(),
                       [&](const AclEntry& acl) { return acl.type == type && acl.topic == topic; });
}

TEST(DynsecRolesTest, NodeRoleNamesOnlyItsOwnTopics) {
    RoleSpec role = node_role(AccessTopics("home"), "pi1");
    EXPECT_EQ(role.name, "node:pi1");
    EXPECT_TRUE(allows(role, "subscribePattern", "home/nodes/pi1/desired"));
    EXPECT_TRUE(allows(role, "publishClientReceive", "home/nodes/pi1/desired"));
    // Log commands from the hub: read only its own.
    EXPECT_TRUE(allows(role, "subscribePattern", "home/nodes/pi1/logs"));
    EXPECT_TRUE(allows(role, "publishClientReceive", "home/nodes/pi1/logs"));
    EXPECT_FALSE(allows(role, "publishClientSend", "home/nodes/pi1/logs"));
    for (const char* kind : {"status", "report", "log"}) {
        EXPECT_TRUE(allows(role, "publishClientSend", std::string("home/nodes/pi1/") + kind));
    }
    for (const auto& acl : role.acls) {
        EXPECT_EQ(acl.topic.find_first_of("+#"), std::string::npos) << acl.topic;
        EXPECT_EQ(acl.topic.rfind("home/nodes/pi1/", 0), 0u) << acl.topic;
    }
}

TEST(DynsecRolesTest, HubMayAnswerOnlyOnResponseTopics) {
    RoleSpec role = hub_role(AccessTopics("edgeorch"));
    EXPECT_TRUE(allows(role, "publishClientSend", "edgeorch/clients/+/response"));
    EXPECT_TRUE(allows(role, "publishClientSend", "edgeorch/nodes/+/desired"));
    EXPECT_FALSE(allows(role, "publishClientSend", "edgeorch/#"));
    EXPECT_FALSE(allows(role, "publishClientSend", "edgeorch/nodes/+/report"));
}

TEST(DynsecRolesTest, LogsFlowOnlyThroughTheHub) {
    AccessTopics topics("edgeorch");
    RoleSpec hub = hub_role(topics);
    EXPECT_TRUE(allows(hub, "publishClientSend", "edgeorch/nodes/+/logs"));
    EXPECT_TRUE(allows(hub, "subscribePattern", "edgeorch/nodes/+/log"));
    EXPECT_TRUE(allows(hub, "publishClientSend", "edgeorch/clients/+/logs"));
    RoleSpec admin = admin_role(topics);
    EXPECT_TRUE(allows(admin, "subscribePattern", "edgeorch/clients/+/logs"));
    EXPECT_TRUE(allows(admin, "publishClientReceive", "edgeorch/clients/+/logs"));
    EXPECT_FALSE(allows(admin, "publishClientSend", "edgeorch/clients/+/logs"));
    EXPECT_FALSE(allows(admin, "publishClientSend", "edgeorch/nodes/+/logs"));
    RoleSpec node = node_role(topics, "pi1");
    EXPECT_FALSE(allows(node, "publishClientSend", "edgeorch/clients/+/logs"));
    EXPECT_TRUE(allows(node, "publishClientSend", "edgeorch/nodes/pi1/log"));
}

TEST(DynsecRolesTest, ANodeFetchesOnlyOnItsOwnTopics) {
    AccessTopics topics("edgeorch");
    RoleSpec node = node_role(topics, "pi1");
    EXPECT_TRUE(allows(node, "publishClientSend", "edgeorch/nodes/pi1/fetch"));
    EXPECT_TRUE(allows(node, "subscribePattern", "edgeorch/nodes/pi1/fetched"));
    EXPECT_TRUE(allows(node, "publishClientReceive", "edgeorch/nodes/pi1/fetched"));
    EXPECT_FALSE(allows(node, "publishClientSend", "edgeorch/nodes/pi1/fetched"));
    EXPECT_FALSE(allows(node, "subscribePattern", "edgeorch/nodes/+/fetched"));
    RoleSpec hub = hub_role(topics);
    EXPECT_TRUE(allows(hub, "subscribePattern", "edgeorch/nodes/+/fetch"));
    EXPECT_TRUE(allows(hub, "publishClientSend", "edgeorch/nodes/+/fetched"));
}

TEST(DynsecRolesTest, AnEnvironmentIdentityAsksOnlyInItsEnvironmentAndReadsOnlyItsAnswers) {
    AccessTopics topics("lab");
    RoleSpec role = environment_role(topics, "preprod", "ci");
    EXPECT_EQ(role.name, "env:preprod:ci");
    EXPECT_TRUE(allows(role, "publishClientSend", "lab/hub/env/preprod/requests"));
    EXPECT_TRUE(allows(role, "subscribePattern", "lab/clients/env:preprod:ci/+/response"));
    EXPECT_TRUE(allows(role, "publishClientReceive", "lab/clients/env:preprod:ci/+/response"));
    // Nothing else: not the cluster-wide request or credentials topics, not the events, not
    // another environment's topic.
    EXPECT_EQ(role.acls.size(), 3u);
    RoleSpec hub = hub_role(topics);
    EXPECT_TRUE(allows(hub, "subscribePattern", "lab/hub/env/+/requests"));
    EXPECT_TRUE(allows(hub, "publishClientSend", "lab/clients/+/+/response"));
    EXPECT_TRUE(allows(admin_role(topics), "publishClientSend", "lab/hub/env/+/requests"));
}

TEST(DynsecRolesTest, EnvironmentUsernamesNameTheirEnvironment) {
    EXPECT_EQ(environment_username("preprod", "ci"), "env:preprod:ci");
    EXPECT_EQ(environment_of_username("env:preprod:ci"), "preprod");
    EXPECT_EQ(environment_of_username("edgectl"), "");
    EXPECT_EQ(environment_of_username("node:pi1"), "");
    EXPECT_EQ(environment_of_username("env:preprod"), "");
    EXPECT_EQ(environment_of_username("env::ci"), "");
    EXPECT_EQ(environment_of_username("env:preprod:"), "");
}

TEST(DynsecRolesTest, InitialConfigDeniesByDefaultAndHasTwoIdentities) {
    PasswordHash hash{"aGFzaA==", "c2FsdA==", 101};
    auto config = initial_dynsec_config(AccessTopics("edgeorch"), hash, hash);
    for (const char* access : {"publishClientSend", "publishClientReceive", "subscribe"}) {
        EXPECT_FALSE(config["defaultACLAccess"][access].get<bool>()) << access;
    }
    ASSERT_EQ(config["clients"].size(), 2u);
    EXPECT_EQ(config["clients"][0]["username"], kHubUsername);
    EXPECT_EQ(config["clients"][0]["roles"].size(), 2u);
    EXPECT_EQ(config["clients"][1]["username"], kAdminUsername);
    EXPECT_EQ(config["roles"].size(), 3u);
}

TEST(DynsecRolesTest, CommandsNameTheirTargets) {
    auto create = create_client_command("node:pi1", "secret", "node:pi1", "text");
    EXPECT_EQ(create["command"], "createClient");
    EXPECT_EQ(create["roles"][0]["rolename"], "node:pi1");
    EXPECT_EQ(delete_client_command("join:pi1")["username"], "join:pi1");
    EXPECT_EQ(delete_role_command("join:pi1")["rolename"], "join:pi1");
    EXPECT_EQ(create_role_command(join_role(AccessTopics(), "pi1"))["command"], "createRole");
}

TEST(AccessTopicsTest, JoinRequestNodeParsesOnlyJoinRequests) {
    AccessTopics topics("edgeorch");
    EXPECT_EQ(topics.join_request_node("edgeorch/join/pi1/request"), "pi1");
    EXPECT_EQ(topics.join_request_node("edgeorch/join/pi1/response"), "");
    EXPECT_EQ(topics.join_request_node("edgeorch/join/a/b/request"), "");
    EXPECT_EQ(topics.join_request_node("edgeorch/join//request"), "");
    EXPECT_EQ(topics.join_request_node("other/join/pi1/request"), "");
}

}  // namespace
}  // namespace edge

#include "security/role_upgrade.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(RoleUpgradeTest, UpgradesTheHubEdgectlAndNodeRolesOnly) {
    AccessTopics topics("edgeorch");
    auto roles = roles_to_upgrade(
        topics, {"edge-hub", "edge-broker-admin", "edgectl", "node:pi1", "join:pi2", "node:", "x"});
    ASSERT_EQ(roles.size(), 3u);
    EXPECT_EQ(roles[0].name, "edge-hub");
    EXPECT_EQ(roles[1].name, "edgectl");
    EXPECT_EQ(roles[2].name, "node:pi1");
    // The node's role is rebuilt for that node: its own topics only.
    for (const auto& acl : roles[2].acls) {
        EXPECT_EQ(acl.topic.rfind("edgeorch/nodes/pi1/", 0), 0u) << acl.topic;
    }
}

TEST(RoleUpgradeTest, AddsAnAllowingAcl) {
    auto command = add_role_acl_command("node:pi1", {"subscribePattern", "edgeorch/nodes/pi1/logs"});
    EXPECT_EQ(command["command"], "addRoleACL");
    EXPECT_EQ(command["rolename"], "node:pi1");
    EXPECT_EQ(command["acltype"], "subscribePattern");
    EXPECT_EQ(command["topic"], "edgeorch/nodes/pi1/logs");
    EXPECT_EQ(command["allow"], true);
}

}  // namespace
}  // namespace edge

#include "security/broker/role_upgrade.h"

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
    auto command =
        add_role_acl_command("node:pi1", {"subscribePattern", "edgeorch/nodes/pi1/logs"});
    EXPECT_EQ(command["command"], "addRoleACL");
    EXPECT_EQ(command["rolename"], "node:pi1");
    EXPECT_EQ(command["acltype"], "subscribePattern");
    EXPECT_EQ(command["topic"], "edgeorch/nodes/pi1/logs");
    EXPECT_EQ(command["allow"], true);
}

TEST(RoleUpgradeTest, OnlyMissingAclsAreAdded) {
    RoleSpec wanted = node_role(AccessTopics("edgeorch"), "pi1");
    nlohmann::json current = {
        {"role",
         {{"rolename", "node:pi1"},
          {"acls",
           {{{"acltype", "publishClientSend"}, {"topic", "edgeorch/nodes/pi1/status"}},
            {{"acltype", "publishClientSend"}, {"topic", "edgeorch/nodes/pi1/report"}},
            {{"acltype", "publishClientSend"}, {"topic", "edgeorch/nodes/pi1/log"}},
            {{"acltype", "subscribePattern"}, {"topic", "edgeorch/nodes/pi1/desired"}},
            {{"acltype", "publishClientReceive"}, {"topic", "edgeorch/nodes/pi1/desired"}}}}}}};
    auto missing = missing_acls(wanted, current);
    // A node joined before `logs`, `fetch` and `job-output` existed gets just those.
    ASSERT_EQ(missing.size(), 6u);
    for (const auto& acl : missing) {
        EXPECT_TRUE(acl.topic == "edgeorch/nodes/pi1/logs" ||
                    acl.topic == "edgeorch/nodes/pi1/fetch" ||
                    acl.topic == "edgeorch/nodes/pi1/fetched" ||
                    acl.topic == "edgeorch/nodes/pi1/job-output")
            << acl.topic;
    }
    EXPECT_EQ(missing_acls(wanted, nlohmann::json::object()).size(), wanted.acls.size());
}

}  // namespace
}  // namespace edge

// Requests on an environment's own topic (<prefix>/hub/env/<env>/requests) act on that
// environment alone; anything else is refused with a reason and a "rejected" event, and
// changes nothing.
#include <gtest/gtest.h>

#include "hub/hub_core_fixture.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::service;

class EnvironmentScopeTest : public testing::HubCoreTest {
  protected:
    void SetUp() override {
        HubCoreTest::SetUp();
        status("nuc-1", true);
        ok(ops::kEnvCreate, {{"environment", "preprod"}});
        ok(ops::kEnvCreate, {{"environment", "prod"}});
        ok(ops::kDeploy, {{"stack", stack_to_json(shop_)}, {"environment", "prod"}});
    }

    Outcome as_preprod(const std::string& op, json args = json::object()) {
        return core_->handle_message(topics_.environment_requests("preprod"),
                                     encode_request({op, std::move(args)}), true, now_++);
    }
    json allowed(const std::string& op, json args = json::object()) {
        Outcome outcome = as_preprod(op, std::move(args));
        EXPECT_TRUE(outcome.response && outcome.response->ok)
            << op << ": " << (outcome.response ? outcome.response->error : "no answer");
        return outcome.response ? outcome.response->data : json();
    }
    std::string refused(const std::string& op, json args = json::object()) {
        Outcome outcome = as_preprod(op, std::move(args));
        EXPECT_TRUE(outcome.response && !outcome.response->ok) << op;
        return outcome.response ? outcome.response->error : "";
    }

    StackSpec shop_{"shop", {service("web", "nginx:1.27", 1)}};
};

TEST_F(EnvironmentScopeTest, ARequestWithoutAnEnvironmentActsInTheTopicsEnvironment) {
    json deployed = allowed(ops::kDeploy, {{"stack", stack_to_json(shop_)}});
    EXPECT_EQ(deployed["stack"], "shop@preprod");
    // Listings show only the environment's own stacks, though prod runs one too.
    json stacks = allowed(ops::kStackList);
    ASSERT_EQ(stacks.size(), 1u);
    EXPECT_EQ(stacks[0]["name"], "shop@preprod");
    json replicas = allowed(ops::kServicePs, {{"service", "shop/web"}});
    ASSERT_EQ(replicas.size(), 1u);
    EXPECT_EQ(replicas[0]["environment"], "preprod");
    // "shop" without an environment removes preprod's, and prod's stays.
    allowed(ops::kStackRemove, {{"stack", "shop"}});
    EXPECT_TRUE(core_->state().stacks.contains("shop@prod"));
    EXPECT_FALSE(core_->state().stacks.contains("shop@preprod"));
}

TEST_F(EnvironmentScopeTest, AnotherEnvironmentIsRefusedAndNothingChanges) {
    ClusterState before = core_->state();
    std::string why = refused(ops::kStackRemove, {{"stack", "shop"}, {"environment", "prod"}});
    EXPECT_EQ(why,
              "this identity may act only in environment preprod: \"environment\" names "
              "\"prod\"");
    refused(ops::kDeploy, {{"stack", stack_to_json(shop_)}, {"environment", "prod"}});
    refused(ops::kServiceRollback, {{"service", "shop/web"}, {"environment", "prod"}});
    refused(ops::kEvents, {{"environment", "default"}});
    EXPECT_NE(refused(ops::kPromote, {{"stack", "shop"}, {"from", "preprod"}, {"to", "prod"}})
                  .find("\"to\" names \"prod\""),
              std::string::npos);
    EXPECT_EQ(core_->state().stacks.size(), before.stacks.size());
    EXPECT_TRUE(core_->state().stacks.contains("shop@prod"));
    // Each refusal is recorded, naming the topic it came on.
    auto rejected = stored_events("rejected");
    ASSERT_EQ(rejected.size(), 5u);
    EXPECT_EQ(rejected[0].subject, topics_.environment_requests("preprod"));
    EXPECT_NE(rejected[0].message.find("stack.rm refused"), std::string::npos);
}

TEST_F(EnvironmentScopeTest, ClusterWideOperationsNeedTheClusterWideIdentity) {
    for (const char* op : {ops::kNodeDrain, ops::kNodeLabel, ops::kNodeRemove, ops::kNodeList,
                           ops::kEnvCreate, ops::kEnvRemove, ops::kEnvSet, ops::kSecretCreate,
                           ops::kSecretList, ops::kConfigList, ops::kLogs, "no.such.op"}) {
        std::string why = refused(op, {{"node", "nuc-1"}, {"environment", "preprod"}});
        EXPECT_EQ(why, std::string("this identity may act only in environment preprod: \"") + op +
                           "\" needs the cluster-wide identity");
    }
    EXPECT_FALSE(core_->state().nodes.at("nuc-1").drained);
}

TEST_F(EnvironmentScopeTest, ADeployUsesOnlyTheSecretsItBringsForItsOwnStack) {
    StackSpec stack = shop_;
    stack.services[0].secrets = {
        {"shop_db_password", "/run/secrets/db_password", "0", "0", 0400, 0, ""}};
    json args = {{"stack", stack_to_json(stack)}, {"dry_run", true}};
    // Prod's (or default's) secret, not brought: it would be read.
    EXPECT_NE(refused(ops::kDeploy, args)
                  .find("uses the secret \"shop_db_password\", which the "
                        "deploy does not bring"),
              std::string::npos);
    // Brought under another environment's name: it would be replaced.
    args["secrets"] = {{{"name", "shop_db_password"}, {"data", "aHVudGVyMg=="}}};
    EXPECT_NE(refused(ops::kDeploy, args)
                  .find("may not store the secret \"shop_db_password\"; the secrets of stack "
                        "shop there are named shop.ENV-preprod_KEY"),
              std::string::npos);
    // Named for the stack in preprod and brought with the deploy: allowed.
    stack.services[0].secrets[0].name = "shop.ENV-preprod_db_password";
    args["stack"] = stack_to_json(stack);
    args["secrets"] = {{{"name", "shop.ENV-preprod_db_password"}, {"data", "aHVudGVyMg=="}}};
    allowed(ops::kDeploy, args);
}

TEST_F(EnvironmentScopeTest, AMalformedRequestOnAnEnvironmentTopicIsDroppedAndRecorded) {
    Outcome outcome =
        core_->handle_message(topics_.environment_requests("preprod"), "[]", true, now_++);
    ASSERT_TRUE(outcome.response.has_value());
    EXPECT_FALSE(outcome.response->ok);
    EXPECT_EQ(stored_events("rejected").size(), 1u);
}

}  // namespace
}  // namespace edge

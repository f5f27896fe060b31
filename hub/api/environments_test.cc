// Environments on the hub: the same stack in two environments, listings filtered by
// environment, and stacks deployed before environments existed staying in `default`.
#include <gtest/gtest.h>

#include "core/environments.h"
#include "hub/hub_core_fixture.h"
#include "hub/state/desired_state.h"
#include "hub/store/sqlite_db.h"
#include "hub/store/sqlite_schema.h"
#include "hub/store/sqlite_store.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::service;
using EnvironmentsTest = testing::HubCoreTest;

json deploy_args(const StackSpec& stack, const std::string& environment) {
    json args = {{"stack", stack_to_json(stack)}};
    if (!environment.empty()) args["environment"] = environment;
    return args;
}

TEST_F(EnvironmentsTest, TheSameStackRunsInTwoEnvironmentsWithoutClashing) {
    status("nuc-1", true);
    ok(ops::kEnvCreate, {{"environment", "preprod"}});
    ok(ops::kEnvCreate, {{"environment", "prod"}});
    StackSpec shop{"shop", {service("web", "nginx:1.27", 1)}};
    ok(ops::kDeploy, deploy_args(shop, ""));
    json preprod = ok(ops::kDeploy, deploy_args(shop, "preprod"));
    EXPECT_EQ(preprod["stack"], "shop@preprod");
    ok(ops::kDeploy, deploy_args(shop, "prod"));

    // Three stacks, each with its own container and network name on the one node.
    DesiredSet set = core_->desired_set("nuc-1");
    ASSERT_EQ(set.containers.size(), 3u);
    std::set<std::string> names;
    for (const auto& container : set.containers) {
        names.insert(
            container_name("nuc-1", container.stack, container.service, container.replica));
    }
    EXPECT_EQ(names,
              (std::set<std::string>{"edge-shop-web-0.nuc-1", "edge-shop.ENV-preprod-web-0.nuc-1",
                                     "edge-shop.ENV-prod-web-0.nuc-1"}));

    json stacks = ok(ops::kStackList, {{"environment", "preprod"}});
    ASSERT_EQ(stacks.size(), 1u);
    EXPECT_EQ(stacks[0]["name"], "shop@preprod");
    EXPECT_EQ(stacks[0]["environment"], "preprod");
    EXPECT_EQ(ok(ops::kStackList).size(), 3u);
    EXPECT_EQ(ok(ops::kServiceList, {{"stack", "shop"}, {"environment", "prod"}})[0]["stack"],
              "shop@prod");
    json replicas = ok(ops::kServicePs, {{"service", "shop/web"}, {"environment", "preprod"}});
    ASSERT_EQ(replicas.size(), 1u);
    EXPECT_EQ(replicas[0]["environment"], "preprod");
    // Without --env, "web" is in three stacks and the answer says which.
    EXPECT_NE(error(ops::kServicePs, {{"service", "web"}}).find("shop@preprod/web"),
              std::string::npos);
    // Only prod's stack events: its deploy, and what happened to its services.
    json events = ok(ops::kEvents, {{"environment", "prod"}});
    ASSERT_FALSE(events.empty());
    for (const auto& event : events) {
        EXPECT_EQ(event["subject"].get<std::string>().rfind("shop@prod", 0), 0u) << event.dump();
    }

    // Removing preprod's copy leaves the others.
    ok(ops::kStackRemove, {{"stack", "shop"}, {"environment", "preprod"}});
    EXPECT_EQ(ok(ops::kStackList).size(), 2u);
    EXPECT_EQ(reloaded(), core_->state());
}

TEST_F(EnvironmentsTest, BadEnvironmentsAndKeysAreRefused) {
    status("nuc-1", true);
    StackSpec shop{"shop", {service("web", "nginx:1.27", 1)}};
    EXPECT_EQ(error(ops::kDeploy, deploy_args(shop, "qa")),
              "no environment named \"qa\"; create it with edgectl env create qa");
    EXPECT_EQ(error(ops::kEnvCreate, {{"environment", "qa"}, {"constraints", {"env=qa"}}}),
              "constraint \"env=qa\" has no == or !=; expected KEY==VALUE or KEY!=VALUE, e.g. "
              "node.labels.env==prod");
    EXPECT_NE(error(ops::kEnvCreate, {{"environment", "qa"}, {"constraints", {"disk==ssd"}}})
                  .find("unknown key \"disk\""),
              std::string::npos);
    EXPECT_EQ(error(ops::kEnvCreate, {{"environment", "default"}}),
              "environment \"default\" exists");
    EXPECT_NE(error(ops::kDeploy, deploy_args(shop, "Pre Prod")).find("environment name"),
              std::string::npos);
    // A stack cannot name its environment inside its own name.
    StackSpec sneaky{"shop@prod", {service("web", "nginx:1.27", 1)}};
    EXPECT_NE(error(ops::kDeploy, deploy_args(sneaky, "")).find("invalid stack"),
              std::string::npos);
    EXPECT_EQ(error(ops::kStackRemove, {{"stack", "shop"}, {"environment", "prod"}}),
              "no stack named \"shop@prod\"");
}

TEST_F(EnvironmentsTest, AnEnvironmentsConstraintPlacesItsStacksOnItsNodes) {
    status("nuc-1", true);
    status("nuc-2", true);
    ok(ops::kNodeLabel, {{"node", "nuc-2"}, {"set", {{"env", "preprod"}}}});
    ok(ops::kEnvCreate,
       {{"environment", "preprod"}, {"constraints", {"node.labels.env==preprod"}}});
    ServiceSpec web = service("web", "nginx:1.27", 2);
    web.memory_limit = web.memory_reservation = 64 << 20;
    ok(ops::kDeploy, deploy_args({"shop", {web}}, "preprod"));
    for (const auto& replica : core_->state().replicas) EXPECT_EQ(replica.node, "nuc-2");

    json environments = ok(ops::kEnvList);
    ASSERT_EQ(environments.size(), 2u);
    EXPECT_EQ(environments[0]["name"], "default");
    EXPECT_EQ(environments[1]["name"], "preprod");
    EXPECT_EQ(environments[1]["stacks"], json::array({"shop"}));
    EXPECT_EQ(environments[1]["constraints"], json::array({"node.labels.env==preprod"}));
    EXPECT_EQ(environments[1]["desired"], 2);
    EXPECT_EQ(environments[1]["placed"], 2);
    EXPECT_EQ(environments[1]["memory_reserved"], 2 * (64 << 20));

    EXPECT_EQ(error(ops::kEnvRemove, {{"environment", "preprod"}}),
              "environment \"preprod\" still has stacks: shop; remove them first (edgectl --env "
              "preprod stack rm STACK)");
    EXPECT_EQ(error(ops::kEnvRemove, {{"environment", "default"}}),
              "the default environment cannot go");
    ok(ops::kStackRemove, {{"stack", "shop"}, {"environment", "preprod"}});
    ok(ops::kEnvRemove, {{"environment", "preprod"}});
    EXPECT_EQ(ok(ops::kEnvList).size(), 1u);
}

TEST(EnvironmentsMigration, StacksFromBeforeEnvironmentsAreInDefault) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    StackRecord blog{{"blog", {service("web", "nginx:1.27", 1)}}, 1, 2, {}, {}, ""};
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        StateChange change;
        change.put_stacks = {blog};
        ReplicaRecord pending;
        pending.key = {"blog", "web", 0};
        pending.reason = "no node yet";
        change.replicas = std::vector<ReplicaRecord>{pending};
        auto applied = (*store)->apply(change);
        ASSERT_TRUE(applied.ok()) << applied.error().message;
    }
    {
        // Back to the schema before environments, as an older hub left it.
        auto db = SqliteDb::open(path);
        ASSERT_TRUE(db.ok());
        Status downgraded = (*db)->exec(
            "DROP INDEX stacks_by_environment; ALTER TABLE stacks DROP COLUMN environment; "
            "DROP TABLE environments; DROP TABLE service_memory; DROP TABLE api_tokens; "
            "DROP TABLE job_outputs; DROP TABLE job_runs; DROP TABLE jobs; "
            "ALTER TABLE replicas DROP COLUMN job_run; ALTER TABLE replicas DROP COLUMN job_attempt; "
            "UPDATE schema_version SET version = 6");
        ASSERT_TRUE(downgraded.ok()) << downgraded.error().message;
    }
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto state = (*store)->load();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->stacks.at("blog").spec, blog.spec);  // same key, so the same containers
    auto environments = (*store)->environments();
    ASSERT_TRUE(environments.ok());
    ASSERT_EQ(environments->size(), 1u);
    EXPECT_EQ(environments->front().name, "default");
    // Version 9's defaults: limits as they are, no webhooks.
    EXPECT_EQ(environments->front().memory_factor, kNeutralMemoryFactor);
    EXPECT_EQ(environments->front().webhooks_sealed, "");
    auto db = SqliteDb::open(path);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(*(*db)->query_text("SELECT environment FROM stacks WHERE name = 'blog'"), "default");
    EXPECT_EQ(*(*db)->query_text("SELECT version FROM schema_version"),
              std::to_string(latest_schema_version()));
}

}  // namespace
}  // namespace edge

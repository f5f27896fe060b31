// service.rollback through HubCore on a real SQLite file: the previous spec is kept by deploys
// that change a service, survives a reload, is swapped back, and bad requests change nothing.
#include <gtest/gtest.h>

#include "hub/api/rollback.h"
#include "hub/hub_core_fixture.h"
#include "schema/requests.h"

namespace edge {
namespace {

using nlohmann::json;
using testing::HubCoreTest;
using testing::nuc_facts;
using testing::service;

TEST(PreviousSpecs, KeptForChangedServicesOnly) {
    ServiceSpec web_v1 = service("web", "nginx:1.24", 1);
    ServiceSpec web_v2 = service("web", "nginx:1.25", 1);
    ServiceSpec db = service("db", "postgres:16", 1);
    StackRecord current{{"app", {web_v1, db}}, 0, 0, {}};
    auto previous = previous_specs(current, {"app", {web_v2, db, service("new", "x", 1)}});
    ASSERT_EQ(previous.size(), 1u);
    EXPECT_EQ(previous.at("web"), web_v1);
    // A later deploy that leaves web alone keeps what it can roll back to.
    StackRecord after{{"app", {web_v2, db}}, 0, 0, previous};
    EXPECT_EQ(previous_specs(after, {"app", {web_v2, db}}), previous);
}

TEST_F(HubCoreTest, RollbackReturnsToThePreviousSpecAndBack) {
    status("nuc-1", true);
    ServiceSpec v1 = service("web", "nginx:1.24", 2);
    ServiceSpec v2 = service("web", "nginx:1.25", 2);
    deploy({"app", {v1}});
    std::string hash_v1 = core_->desired_set("nuc-1").containers.at(0).spec_hash;
    deploy({"app", {v2}});
    EXPECT_EQ(reloaded().stacks.at("app").previous.at("web"), v1);

    json rolled = ok(ops::kServiceRollback, {{"service", "web"}});
    EXPECT_EQ(rolled["image"], "nginx:1.24");
    EXPECT_EQ(rolled["replicas"].size(), 2u);
    ClusterState state = reloaded();
    EXPECT_EQ(state.stacks.at("app").spec.services.at(0), v1);
    EXPECT_EQ(state.stacks.at("app").previous.at("web"), v2);
    EXPECT_EQ(core_->desired_set("nuc-1").containers.at(0).spec_hash, hash_v1);
    auto events = stored_events("rollout");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].subject, "app/web");
    EXPECT_EQ(events[0].message,
              "rolled back to the previous spec (image nginx:1.25 -> nginx:1.24)");

    ok(ops::kServiceRollback, {{"service", "app/web"}});
    EXPECT_EQ(reloaded().stacks.at("app").spec.services.at(0), v2);
}

TEST_F(HubCoreTest, RollbackRefusesWhatItCannotDo) {
    status("nuc-1", true);
    deploy({"app", {service("web", "nginx:1.24", 1)}});
    deploy({"other", {service("web", "nginx:1.24", 1)}});
    ClusterState before = reloaded();
    EXPECT_NE(error(ops::kServiceRollback, {{"service", "app/web"}})
                  .find("has no previous spec to roll back to"),
              std::string::npos);
    EXPECT_NE(error(ops::kServiceRollback, {{"service", "web"}}).find("is in several stacks"),
              std::string::npos);
    EXPECT_NE(error(ops::kServiceRollback, {{"service", "nope"}}).find("no service named"),
              std::string::npos);
    EXPECT_NE(error(ops::kServiceRollback, {{"service", 7}}).find("expected a string"),
              std::string::npos);
    EXPECT_NE(error(ops::kServiceRollback).find("missing argument"), std::string::npos);
    EXPECT_EQ(reloaded(), before);
}

}  // namespace
}  // namespace edge

// Rolling updates through HubCore on a real SQLite file: a changed service moves to its new
// spec one batch at a time as reports show the batch up, a failure pauses or rolls back, and
// the progress survives a reload.
#include <gtest/gtest.h>

#include "hub/hub_core_fixture.h"
#include "hub/state/desired_state.h"
#include "hub/state/rollouts.h"

namespace edge {
namespace {

using testing::HubCoreTest;
using testing::service;

class RolloutTest : public HubCoreTest {
  protected:
    // The node reports exactly what it was asked to run, all of it running.
    void report_converged() {
        std::vector<ObservedContainer> seen;
        for (const auto& c : core_->desired_set("nuc-1").containers) seen.push_back(running(c));
        report("nuc-1", core_->state().nodes.at("nuc-1").generation, seen);
    }
    std::vector<std::string> images() {
        std::vector<std::string> out;
        for (const auto& c : core_->desired_set("nuc-1").containers) out.push_back(c.image);
        return out;
    }
    const Rollout& rollout() { return core_->state().stacks.at("app").rollouts.at("web"); }
    std::vector<std::string> rollout_messages() {
        std::vector<std::string> out;
        for (const auto& event : stored_events("rollout")) out.push_back(event.message);
        return out;
    }
    ServiceSpec web(const std::string& image) {
        ServiceSpec spec = service("web", image, 3);
        spec.update.monitor_ms = 1000;
        return spec;
    }
};

TEST_F(RolloutTest, MovesOneReplicaAtATimeOnceEachStaysUp) {
    status("nuc-1", true);
    deploy({"app", {web("nginx:1")}});
    report_converged();
    deploy({"app", {web("nginx:2")}});
    // Nothing moves before the rollout's first step.
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:1", "nginx:1", "nginx:1"}));

    tick(100);
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:2", "nginx:1", "nginx:1"}));
    tick(5000);  // replica 0 has not reported up yet: the batch waits
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:2", "nginx:1", "nginx:1"}));
    report_converged();
    tick(100);   // seen up
    tick(1000);  // stayed up through monitor: the next one moves
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:2", "nginx:2", "nginx:1"}));
    ClusterState stored = reloaded();
    EXPECT_FALSE(stored.replicas.at(1).on_previous);
    EXPECT_NE(stored.replicas.at(1).switched_ms, 0);
    EXPECT_TRUE(stored.replicas.at(2).on_previous);

    for (int i = 0; i < 2; ++i) {
        report_converged();
        tick(100);
        tick(1000);
    }
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:2", "nginx:2", "nginx:2"}));
    EXPECT_EQ(rollout().phase, RolloutPhase::kCompleted);
    auto messages = rollout_messages();
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.front(), "updating replica(s) 0");
    EXPECT_NE(messages.back().find("rollout completed in"), std::string::npos);
    EXPECT_EQ(reloaded().stacks.at("app").rollouts.at("web").phase, RolloutPhase::kCompleted);
}

TEST_F(RolloutTest, AFailedPullRollsBackToTheOldSpec) {
    status("nuc-1", true);
    deploy({"app", {web("nginx:1")}});
    report_converged();
    ServiceSpec bad = web("nginx:no-such-tag");
    bad.update.failure_action = UpdateConfig::FailureAction::kRollback;
    deploy({"app", {bad}});
    tick(100);
    DesiredContainer switched = core_->desired_set("nuc-1").containers.at(0);
    ASSERT_EQ(switched.image, "nginx:no-such-tag");

    std::vector<ObservedContainer> seen;
    for (const auto& c : core_->desired_set("nuc-1").containers) {
        if (c.replica != 0) seen.push_back(running(c));
    }
    NodeReport failing{
        "nuc-1",
        core_->state().nodes.at("nuc-1").generation,
        seen,
        1 * kGiB,
        {{"app", "web", 0, switched.spec_hash, "pulling nginx:no-such-tag: manifest unknown"}}};
    core_->handle_message(topics_.report("nuc-1"), encode_report(failing), false, now_++);
    tick(100);

    EXPECT_EQ(core_->state().stacks.at("app").spec.services.at(0).image, "nginx:1");
    EXPECT_EQ(rollout().phase, RolloutPhase::kRollingBack);
    tick(100);  // rollback_config's default: every replica at once
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:1", "nginx:1", "nginx:1"}));
    report_converged();
    tick(100);
    tick(5000);
    EXPECT_EQ(rollout().phase, RolloutPhase::kRolledBack);
    auto messages = rollout_messages();
    EXPECT_NE(std::find(messages.begin(), messages.end(),
                        "replica 0 failed: pulling nginx:no-such-tag: manifest unknown"),
              messages.end());
    EXPECT_NE(std::find(messages.begin(), messages.end(),
                        "rolling back to the previous spec after 1 failed replica(s)"),
              messages.end());
}

TEST_F(RolloutTest, AnUnhealthyReplicaPausesByDefault) {
    status("nuc-1", true);
    deploy({"app", {web("nginx:1")}});
    report_converged();
    deploy({"app", {web("nginx:2")}});
    tick(100);
    std::vector<ObservedContainer> seen;
    for (const auto& c : core_->desired_set("nuc-1").containers) {
        seen.push_back(running(c));
        if (c.replica == 0) seen.back().health = kHealthUnhealthy;
    }
    report("nuc-1", core_->state().nodes.at("nuc-1").generation, seen);
    tick(100);
    EXPECT_EQ(rollout().phase, RolloutPhase::kPaused);
    EXPECT_EQ(rollout().message, "replica 0 failed: unhealthy");
    tick(5000);
    EXPECT_EQ(images(), (std::vector<std::string>{"nginx:2", "nginx:1", "nginx:1"}));
}

TEST_F(RolloutTest, ScalingOrChangingTheUpdatePolicyNeedsNoRollout) {
    ServiceSpec before = web("nginx:1");
    ServiceSpec after = before;
    after.replicas = 5;
    after.update.parallelism = 2;
    after.constraints.push_back({"node.labels.disk", true, "ssd"});
    EXPECT_FALSE(needs_new_containers(before, after));
    after.environment["A"] = "b";
    EXPECT_TRUE(needs_new_containers(before, after));

    status("nuc-1", true);
    deploy({"app", {before}});
    ServiceSpec scaled = before;
    scaled.replicas = 4;
    deploy({"app", {scaled}});
    EXPECT_FALSE(core_->state().stacks.at("app").rollouts.contains("web"));
    for (const auto& replica : core_->state().replicas) EXPECT_FALSE(replica.on_previous);
}

TEST_F(RolloutTest, DesiredSetsCarryTheOrderOfThePolicyInEffect) {
    auto starts_first = [&] {
        std::vector<bool> out;
        for (const auto& c : core_->desired_set("nuc-1").containers) out.push_back(c.start_first);
        return out;
    };
    status("nuc-1", true);
    ServiceSpec first = web("nginx:1");
    first.update.order = UpdateConfig::Order::kStartFirst;
    first.update.failure_action = UpdateConfig::FailureAction::kRollback;
    deploy({"app", {first}});
    EXPECT_EQ(starts_first(), (std::vector<bool>{true, true, true}));
    report_converged();

    ServiceSpec bad = first;
    bad.image = "nginx:no-such-tag";
    deploy({"app", {bad}});
    tick(100);
    DesiredContainer switched = core_->desired_set("nuc-1").containers.at(0);
    // Start-first: the old container of replica 0 still runs next to the failed new one, and
    // the replica is judged by the container of the spec it should run.
    std::vector<ObservedContainer> seen;
    for (const auto& c : core_->desired_set("nuc-1").containers) seen.push_back(running(c));
    seen.push_back(running(switched));
    seen.back().state = "exited";
    seen.back().exit_code = 1;
    seen[0] = running(desired_container_on(core_->state(), "nuc-1", "app", first, 0));
    report("nuc-1", core_->state().nodes.at("nuc-1").generation, seen);
    tick(100);
    EXPECT_EQ(rollout().phase, RolloutPhase::kRollingBack);
    // Replica 0 still runs the failed spec under its update_config until the rollback reaches
    // it, so the old container start-first kept is not stopped early; the others follow
    // rollback_config (stop-first by default).
    EXPECT_EQ(starts_first(), (std::vector<bool>{true, false, false}));
    tick(100);
    // Rolled back, replica 0 is replaced by rollback_config's order too.
    EXPECT_EQ(starts_first(), (std::vector<bool>{false, false, false}));
}

}  // namespace
}  // namespace edge

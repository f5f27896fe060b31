#include "agent/node_controller.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/testing/fake_engine.h"
#include "schema/messages.h"

namespace edge {
namespace {

using testing::FakeEngine;

DesiredContainer container(const std::string& service, int replica,
                           const std::string& image = "busybox:1",
                           RestartPolicy restart = RestartPolicy::kAlways) {
    DesiredContainer c;
    c.stack = "home";
    c.service = service;
    c.replica = replica;
    c.image = image;
    c.restart = restart;
    c.memory_limit = 32LL * 1024 * 1024;
    c.spec_hash = spec_hash(c);
    return c;
}

std::string desired_payload(int64_t generation, std::vector<DesiredContainer> containers,
                            const std::string& node = "pi1") {
    return encode_desired(DesiredSet{node, generation, std::move(containers)});
}

int count_calls(const FakeEngine& engine, const std::string& prefix) {
    return static_cast<int>(
        std::count_if(engine.calls.begin(), engine.calls.end(),
                      [&](const auto& call) { return call.rfind(prefix, 0) == 0; }));
}

class NodeControllerTest : public ::testing::Test {
  protected:
    void SetUp() override { spdlog::set_level(spdlog::level::warn); }

    FakeEngine engine;
    MemoryStateStore store;
    NodeController controller{engine, store, "pi1", "/proc"};
};

TEST_F(NodeControllerTest, AcceptedSetIsPersistedAndApplied) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    EXPECT_EQ(store.saves(), 1);
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->node, "pi1");
    EXPECT_EQ(report->observed_generation, 1);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].name, "edge-home-web-0.pi1");
    EXPECT_EQ(report->containers[0].state, "running");
    EXPECT_EQ(report->containers[0].memory_limit, 32LL * 1024 * 1024);
    EXPECT_EQ(count_calls(engine, "pull busybox:1"), 1);
    EXPECT_GT(report->memory_used, 0);
}

TEST_F(NodeControllerTest, ReportsTheRepoDigestOfTheImageItsContainerRuns) {
    const std::string image = "127.0.0.1:5000/web:latest";
    const std::string digest = "127.0.0.1:5000/web@sha256:" + std::string(64, 'a');
    engine.repo_digests[image] = {"mirror.lan/web@sha256:" + std::string(64, 'b'), digest};
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0, image)})));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].image_id, image);  // the fake's image IDs
    EXPECT_EQ(report->containers[0].image_digest, digest);
    // Pushing another build under the tag makes the engine list the container by image ID; the
    // digest of the build it runs stays known (edgectl promote pins it).
    engine.moved_tags.insert(image);
    auto after_push = controller.reconcile_pass(1000);
    ASSERT_TRUE(after_push);
    ASSERT_EQ(after_push->containers.size(), 1u);
    EXPECT_EQ(after_push->containers[0].image_digest, digest);
    // An image without RepoDigests (imported, never pushed) has no digest to report.
    engine.repo_digests.clear();
    FakeEngine local;
    MemoryStateStore local_store;
    NodeController other{local, local_store, "pi1", "/proc"};
    ASSERT_TRUE(other.accept_desired(desired_payload(1, {container("web", 0)})));
    auto unpinned = other.reconcile_pass(0);
    ASSERT_TRUE(unpinned);
    ASSERT_EQ(unpinned->containers.size(), 1u);
    EXPECT_EQ(unpinned->containers[0].image_digest, "");
}

TEST_F(NodeControllerTest, ConvergedPassDoesNothing) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    engine.calls.clear();
    ASSERT_TRUE(controller.reconcile_pass(1));
    EXPECT_EQ(engine.calls, std::vector<std::string>{"list"});
}

TEST_F(NodeControllerTest, DropsStaleForeignAndMalformedSets) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(5, {container("web", 0)})));
    EXPECT_FALSE(controller.accept_desired(desired_payload(5, {})));  // same generation again
    EXPECT_FALSE(controller.accept_desired(desired_payload(4, {})));  // older
    EXPECT_FALSE(controller.accept_desired(desired_payload(9, {}, "pi2")));
    EXPECT_FALSE(controller.accept_desired("{not json"));
    EXPECT_FALSE(controller.accept_desired(R"({"v": 1, "node": "pi1"})"));
    EXPECT_EQ(controller.generation(), 5);
    EXPECT_EQ(controller.desired()->containers.size(), 1u);
    EXPECT_EQ(store.saves(), 1);
    EXPECT_TRUE(controller.accept_desired(desired_payload(6, {})));
    EXPECT_EQ(store.saves(), 2);
}

TEST_F(NodeControllerTest, StoredSetIsAppliedWithoutAnyMessage) {
    ASSERT_TRUE(store.save(DesiredSet{"pi1", 7, {container("web", 0), container("web", 1)}}).ok());
    controller.load_state();
    EXPECT_EQ(controller.generation(), 7);
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->containers.size(), 2u);
    EXPECT_EQ(report->observed_generation, 7);
    // The retained message of the same generation, arriving later, changes nothing.
    EXPECT_FALSE(controller.accept_desired(desired_payload(7, {})));
}

TEST_F(NodeControllerTest, StaleRetainedSetNeverOverridesNewerStoredState) {
    // The node stored generation 7 before a power cut; the broker, restored from an old
    // persistence file, still retains generation 3, which would remove everything.
    ASSERT_TRUE(store.save(DesiredSet{"pi1", 7, {container("web", 0), container("web", 1)}}).ok());
    controller.load_state();
    ASSERT_TRUE(controller.reconcile_pass(0));
    EXPECT_FALSE(controller.accept_desired(desired_payload(3, {})));
    engine.calls.clear();
    auto report = controller.reconcile_pass(1);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->containers.size(), 2u);
    EXPECT_EQ(report->observed_generation, 7);
    EXPECT_EQ(count_calls(engine, "remove"), 0);
    EXPECT_EQ(store.saves(), 1);  // the stale set was not written either
}

TEST_F(NodeControllerTest, StoredSetOfAnotherNodeIsIgnored) {
    ASSERT_TRUE(store.save(DesiredSet{"pi9", 7, {container("web", 0)}}).ok());
    controller.load_state();
    EXPECT_FALSE(controller.desired().has_value());
}

TEST_F(NodeControllerTest, WithoutDesiredSetNothingIsRemoved) {
    ContainerDetails adopted;
    adopted.labels = {{kLabelNode, "pi1"}};
    adopted.observed.name = "edge-home-old-0";
    adopted.observed.state = "running";
    engine.add(adopted);
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->observed_generation, 0);
    EXPECT_EQ(count_calls(engine, "remove"), 0);
}

TEST_F(NodeControllerTest, PeriodicPassRestartsExitedContainers) {
    ASSERT_TRUE(controller.accept_desired(
        desired_payload(1, {container("job", 0, "busybox:1", RestartPolicy::kOnFailure)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string id = engine.containers.begin()->first;

    engine.exit(id, 3);
    auto report = controller.reconcile_pass(1);
    EXPECT_EQ(count_calls(engine, "start " + id), 2);  // after create, and now
    EXPECT_EQ(report->containers[0].state, "running");

    engine.exit(id, 0);  // a clean exit is final under on-failure
    report = controller.reconcile_pass(2);
    EXPECT_EQ(count_calls(engine, "start " + id), 2);
    EXPECT_EQ(report->containers[0].state, "exited");
    EXPECT_EQ(report->containers[0].exit_code, 0);
}

TEST_F(NodeControllerTest, ACrashLoopWaitsOutItsBackoffAndReportsIt) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string id = engine.containers.begin()->first;

    engine.exit(id, 1);  // the first exit: started again at once
    auto report = controller.reconcile_pass(1'000);
    EXPECT_EQ(count_calls(engine, "start " + id), 2);
    EXPECT_FALSE(controller.next_deferred_start_ms());

    engine.exit(id, 1);  // exits again 50 ms after that start: 100 ms to wait
    report = controller.reconcile_pass(1'050);
    EXPECT_EQ(count_calls(engine, "start " + id), 2);
    EXPECT_EQ(controller.next_deferred_start_ms(), 1'150);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].state, "exited");
    EXPECT_EQ(report->containers[0].restart_at_ms, 1'150);
    EXPECT_EQ(report->containers[0].quick_exits, 1);

    report = controller.reconcile_pass(1'100);  // an event-driven pass before it is due
    EXPECT_EQ(count_calls(engine, "start " + id), 2);
    report = controller.reconcile_pass(1'150);  // due
    EXPECT_EQ(count_calls(engine, "start " + id), 3);
    EXPECT_EQ(report->containers[0].state, "running");
    EXPECT_EQ(report->containers[0].restart_at_ms, 0);
    EXPECT_FALSE(controller.next_deferred_start_ms());

    engine.exit(id, 1);  // quick again: twice the wait
    controller.reconcile_pass(1'200);
    EXPECT_EQ(controller.next_deferred_start_ms(), 1'400);

    controller.reconcile_pass(1'400);
    engine.exit(id, 1);  // after a run of ten seconds: at once again
    report = controller.reconcile_pass(11'400);
    EXPECT_EQ(count_calls(engine, "start " + id), 5);
    EXPECT_EQ(report->containers[0].state, "running");
}

TEST_F(NodeControllerTest, AContainerTheEngineRestartedIsInspectedAgainForItsRestartCount) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string id = engine.containers.begin()->first;

    // The engine's restart policy brings the container back between two passes.
    engine.containers.at(id).observed.engine_restarts = 2;
    engine.event_log.push_back({id, 5000, 5000LL * 1000000, "start"});
    engine.calls.clear();
    auto report = controller.reconcile_pass(10000);  // the start is seen after this listing
    EXPECT_EQ(report->containers[0].engine_restarts, 0);
    report = controller.reconcile_pass(12000);
    EXPECT_EQ(report->containers[0].engine_restarts, 2);  // a listing says 0: inspected

    // Once read, it is cached again: a converged pass only lists.
    engine.calls.clear();
    report = controller.reconcile_pass(14000);
    EXPECT_EQ(report->containers[0].engine_restarts, 2);
    EXPECT_EQ(engine.calls, std::vector<std::string>{"list"});
}

TEST_F(NodeControllerTest, EngineOutageIsSurvivedAndRecovered) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    engine.reachable = false;
    EXPECT_FALSE(controller.reconcile_pass(0));
    EXPECT_FALSE(controller.reconcile_pass(1));
    engine.reachable = true;
    auto report = controller.reconcile_pass(2);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->containers.size(), 1u);
}

TEST_F(NodeControllerTest, ContainerThatNeverStartsAgainIsReplaced) {
    // A start that keeps failing for a reason the agent does not recognise is retried first.
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string stuck = engine.containers.begin()->first;
    engine.containers[stuck].observed.state = "created";
    engine.unstartable = {stuck};
    engine.start_error = "OCI runtime create failed: unable to start container process";
    for (int pass = 1; pass <= NodeController::kMaxFailedStarts; ++pass) {
        auto report = controller.reconcile_pass(pass);
        ASSERT_TRUE(report);
        EXPECT_EQ(report->containers[0].id, stuck);  // retried, not yet replaced
        // Each failed start is reported for its replica, with the engine's words.
        ASSERT_EQ(report->failures.size(), 1u);
        EXPECT_EQ(report->failures[0].stage, CreateFailure::Stage::kStart);
        EXPECT_NE(report->failures[0].message.find("unable to start container process"),
                  std::string::npos);
    }
    auto report = controller.reconcile_pass(10);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_NE(report->containers[0].id, stuck);
    EXPECT_EQ(report->containers[0].state, "running");
    EXPECT_EQ(engine.containers.count(stuck), 0u);
}

TEST_F(NodeControllerTest, StaleTaskIsReplacedAtTheFirstFailedStart) {
    // dockerd killed while starting it: the container stays "created" with a task containerd
    // still holds, and no start will ever succeed.
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string stuck = engine.containers.begin()->first;
    engine.containers[stuck].observed.state = "created";
    engine.unstartable = {stuck};
    engine.calls.clear();
    auto failed = controller.reconcile_pass(1);
    ASSERT_TRUE(failed);
    EXPECT_EQ(count_calls(engine, "start " + stuck), 1);
    auto report = controller.reconcile_pass(2);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_NE(report->containers[0].id, stuck);
    EXPECT_EQ(report->containers[0].state, "running");
    EXPECT_EQ(count_calls(engine, "start " + stuck), 1);
    // Running now: the failure is no longer reported.
    EXPECT_TRUE(report->failures.empty());
}

TEST_F(NodeControllerTest, FencedPassStartsNothingAndAcknowledgesNothing) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string web = engine.containers.begin()->first;
    engine.exit(web, 137);  // killed while the agent was frozen
    // The hub moved web away and added api, but this agent has not heard of it yet.
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(2, {container("web", 0), container("api", 0)})));
    engine.calls.clear();
    auto held = controller.reconcile_pass(1000, {.starts_allowed = false});
    ASSERT_TRUE(held);
    EXPECT_EQ(count_calls(engine, "start"), 0);
    EXPECT_EQ(count_calls(engine, "create"), 0);
    EXPECT_EQ(held->observed_generation, 1);  // generation 2 is not applied
    // The broker confirms a set (here the same one): the held work runs and is acknowledged.
    auto released = controller.reconcile_pass(2000, {.starts_allowed = true});
    ASSERT_TRUE(released);
    EXPECT_EQ(count_calls(engine, "start " + web), 1);
    EXPECT_EQ(count_calls(engine, "create edge-home-api-0"), 1);
    EXPECT_EQ(released->observed_generation, 2);
}

TEST_F(NodeControllerTest, FencedPassStillRemovesWhatTheNewerSetDropped) {
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(1, {container("web", 0), container("web", 1)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    // The broker's newer set moved replica 1 to another node.
    ASSERT_TRUE(controller.accept_desired(desired_payload(2, {container("web", 0)})));
    auto report = controller.reconcile_pass(1000, {.starts_allowed = false});
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].replica, 0);
    // Nothing was held back, so the removal alone applies generation 2.
    EXPECT_EQ(report->observed_generation, 2);
}

TEST_F(NodeControllerTest, FailedRemovalWithholdsTheAcknowledgement) {
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(1, {container("web", 0), container("web", 1)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    ASSERT_TRUE(controller.accept_desired(desired_payload(2, {container("web", 0)})));
    engine.unremovable = true;
    auto report = controller.reconcile_pass(1000);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->observed_generation, 1);  // the moved copy may still run
    engine.unremovable = false;
    report = controller.reconcile_pass(2000);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->observed_generation, 2);
}

TEST_F(NodeControllerTest, StopAfterDisconnectRemovesOnlyThatServiceWhenCutOff) {
    DesiredContainer writer = container("writer", 0);
    writer.stop_after_disconnect_ms = 30000;
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {writer, container("web", 0)})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    ASSERT_EQ(engine.containers.size(), 2u);
    auto within = controller.reconcile_pass(1000, {.out_of_touch_ms = 30000});
    ASSERT_EQ(within->containers.size(), 2u);
    auto cut = controller.reconcile_pass(2000, {.starts_allowed = false, .out_of_touch_ms = 30001});
    ASSERT_TRUE(cut);
    ASSERT_EQ(cut->containers.size(), 1u);
    EXPECT_EQ(cut->containers[0].service, "web");
    // Back in touch and confirmed: the writer runs again.
    auto back = controller.reconcile_pass(3000, {.starts_allowed = true, .out_of_touch_ms = 100});
    ASSERT_EQ(back->containers.size(), 2u);
    EXPECT_EQ(back->observed_generation, 1);
}

TEST_F(NodeControllerTest, OneFailedActionDoesNotStopTheOthers) {
    engine.unpullable_images = {"private/broken:1"};
    ASSERT_TRUE(controller.accept_desired(
        desired_payload(1, {container("broken", 0, "private/broken:1"), container("web", 0)})));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].service, "web");
}

TEST_F(NodeControllerTest, FailedCreatesAreReportedUntilTheSpecRunsOrIsNoLongerDesired) {
    engine.unpullable_images = {"busybox:bad"};
    DesiredContainer bad = container("web", 0, "busybox:bad");
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {bad})));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_EQ(report->failures[0].service, "web");
    EXPECT_EQ(report->failures[0].spec_hash, bad.spec_hash);
    EXPECT_NE(report->failures[0].message.find("busybox:bad"), std::string::npos)
        << report->failures[0].message;
    // Still failing when it is tried again: still reported, once.
    report = controller.reconcile_pass(60'000);
    EXPECT_EQ(report->failures.size(), 1u);

    // The image becomes pullable: the container runs and the failure is gone.
    engine.unpullable_images.clear();
    report = controller.reconcile_pass(120'000);
    EXPECT_TRUE(report->failures.empty());

    // A failure for a spec the hub has moved away from is forgotten.
    engine.unpullable_images = {"busybox:worse"};
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(2, {container("web", 0, "busybox:worse")})));
    EXPECT_EQ(controller.reconcile_pass(130'000)->failures.size(), 1u);
    ASSERT_TRUE(controller.accept_desired(desired_payload(3, {container("web", 0, "busybox:1")})));
    EXPECT_TRUE(controller.reconcile_pass(130'001)->failures.empty());
}

// While a pass pulls, the board says how far (the heartbeat thread repeats the last report
// with it); once the pull ends, the image is off the board.
TEST_F(NodeControllerTest, ThePullBoardShowsAPullInFlightUntilItEnds) {
    engine.pulled_bytes = 120 << 20;
    std::vector<ImagePull> seen;
    engine.while_pulling = [&] { seen = controller.pull_board().snapshot(); };
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0, "busybox:2")})));
    controller.reconcile_pass(0);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].image, "busybox:2");
    EXPECT_EQ(seen[0].done_bytes, 60 << 20);
    EXPECT_EQ(seen[0].total_bytes, 120 << 20);
    EXPECT_TRUE(controller.pull_board().snapshot().empty());
}

// A pull that fails is not tried on every pass: each failure of the same spec doubles the wait
// (core/reconcile/create_retries.h), the report says when the next try is, and the agent is
// told to pass again then.
TEST_F(NodeControllerTest, AFailedPullIsRetriedWithBackoffNotOnEveryPass) {
    engine.unpullable_images = {"busybox:bad"};
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(1, {container("web", 0, "busybox:bad")})));
    auto report = controller.reconcile_pass(100'000);
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_EQ(report->failures[0].attempts, 1);
    int64_t first_retry = report->failures[0].retry_at_ms;
    EXPECT_GE(first_retry, 100'000 + 1'600);  // 2 s, ±20 %
    EXPECT_LE(first_retry, 100'000 + 2'400);
    ASSERT_TRUE(controller.next_deferred_start_ms());
    EXPECT_EQ(*controller.next_deferred_start_ms(), first_retry);
    EXPECT_EQ(count_calls(engine, "pull busybox:bad"), 1);

    // Passes before the retry is due (an event, a resync) leave the image alone.
    report = controller.reconcile_pass(100'500);
    report = controller.reconcile_pass(first_retry - 1);
    EXPECT_EQ(count_calls(engine, "pull busybox:bad"), 1);
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_EQ(report->failures[0].attempts, 1);

    // Due: tried again, and the next wait is about twice as long.
    report = controller.reconcile_pass(first_retry);
    EXPECT_EQ(count_calls(engine, "pull busybox:bad"), 2);
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_EQ(report->failures[0].attempts, 2);
    EXPECT_GE(report->failures[0].retry_at_ms, first_retry + 3'200);
    EXPECT_LE(report->failures[0].retry_at_ms, first_retry + 4'800);

    // A new spec for the replica is tried at once, and its count starts again.
    ASSERT_TRUE(controller.accept_desired(desired_payload(2, {container("web", 0, "busybox:1")})));
    report = controller.reconcile_pass(first_retry + 1);
    EXPECT_TRUE(report->failures.empty());
    ASSERT_EQ(report->containers.size(), 1u);
}

// The agent enforces its own policy whatever the hub asks: a refused container is never
// created, and its replica is reported as a create failure naming the policy line.
TEST_F(NodeControllerTest, RefusesWhatTheNodePolicyRefusesAndReportsWhy) {
    auto policy = parse_node_policy("privileged no\nbinds /srv\n",
                                    "/etc/edgeorch/agent-policy.conf", "/var/lib/edgeorch");
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    controller.use_policy(*policy);
    DesiredContainer privileged = container("ha", 0);
    privileged.runtime.privileged = true;
    privileged.spec_hash = spec_hash(privileged);
    DesiredContainer socket = container("traefik", 0);
    socket.volumes.push_back({VolumeMount::Kind::kBind, "/var/run/docker.sock", "/sock", true});
    socket.spec_hash = spec_hash(socket);
    ASSERT_TRUE(
        controller.accept_desired(desired_payload(1, {privileged, socket, container("web", 0)})));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].service, "web");
    EXPECT_EQ(count_calls(engine, "create"), 1);
    ASSERT_EQ(report->failures.size(), 2u);
    EXPECT_EQ(report->failures[0].service, "ha");
    EXPECT_EQ(report->failures[0].spec_hash, privileged.spec_hash);
    EXPECT_EQ(report->failures[0].message,
              "refused by /etc/edgeorch/agent-policy.conf:1 (privileged no)");
    EXPECT_EQ(report->failures[1].service, "traefik");
    EXPECT_EQ(report->failures[1].message,
              "refused by /etc/edgeorch/agent-policy.conf:2 (binds /srv): bind "
              "/var/run/docker.sock is not allowed");

    // Still refused on later passes, and still never created.
    report = controller.reconcile_pass(1);
    EXPECT_EQ(report->failures.size(), 2u);
    EXPECT_EQ(count_calls(engine, "create"), 1);

    // The hub drops the refused replicas: their failures go with them.
    ASSERT_TRUE(controller.accept_desired(desired_payload(2, {container("web", 0)})));
    EXPECT_TRUE(controller.reconcile_pass(2)->failures.empty());
}

TEST_F(NodeControllerTest, SpecChangeReplacesTheContainer) {
    ASSERT_TRUE(controller.accept_desired(desired_payload(1, {container("web", 0, "busybox:1")})));
    ASSERT_TRUE(controller.reconcile_pass(0));
    std::string old_id = engine.containers.begin()->first;
    ASSERT_TRUE(controller.accept_desired(desired_payload(2, {container("web", 0, "busybox:2")})));
    auto report = controller.reconcile_pass(1);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_NE(report->containers[0].id, old_id);
    EXPECT_EQ(report->containers[0].generation, 2);
    EXPECT_EQ(report->observed_generation, 2);
}

TEST(ExecutorTest, RefusesToRemoveAContainerOfAnotherNode) {
    FakeEngine engine;
    ContainerDetails foreign;
    foreign.labels = {{kLabelNode, "pi2"}};
    foreign.observed.name = "someone-elses";
    foreign.observed.state = "running";
    std::string id = engine.add(foreign);
    Executor executor(engine, "pi1");
    ReconcileAction remove;
    remove.kind = ReconcileAction::Kind::kRemove;
    remove.container_id = id;
    remove.container_name = "someone-elses";
    Status status = executor.remove(remove);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(engine.containers.count(id), 1u);
}

TEST(ExecutorTest, RemovalWaitsTheContainersOwnStopTimeout) {
    FakeEngine engine;
    ContainerDetails graceful;
    graceful.labels = {{kLabelNode, "pi1"}};
    graceful.observed.state = "running";
    graceful.stop_timeout_seconds = 90;  // stop_grace_period: 1m30s
    ContainerDetails plain = graceful;
    plain.stop_timeout_seconds = -1;
    std::string graceful_id = engine.add(graceful);
    std::string plain_id = engine.add(plain);
    Executor executor(engine, "pi1", 7);
    for (const std::string& id : {graceful_id, plain_id}) {
        ReconcileAction remove;
        remove.kind = ReconcileAction::Kind::kRemove;
        remove.container_id = id;
        EXPECT_TRUE(executor.remove(remove).ok());
    }
    EXPECT_EQ(engine.stop_timeouts, (std::vector<int>{90, 7}));
}

}  // namespace
}  // namespace edge

// Learned memory limits through HubCore on a real SQLite file: provisional limits at deploy,
// the raise after an OOM kill (in place, moved, or refused with the reason), recommendations
// after a shortened observation window, `service resize --apply`, the learned limit taken at a
// restart, and histories that survive a hub restart.
#include <gtest/gtest.h>

#include "core/memory/memsize.h"
#include "hub/hub_core_fixture.h"

namespace edge::testing {
namespace {

NodeFacts small_node() {
    return {1 * kGiB, "arm64", 4, StorageKind::kSsd, "test board"};  // 768 MiB allocatable
}

ServiceSpec memory_service(const std::string& name, const std::string& image, MemoryMode mode,
                           int64_t stated, int replicas = 1) {
    ServiceSpec spec = service(name, image, replicas);
    spec.memory_mode = mode;
    spec.memory_limit_stated = stated > 0;
    spec.memory_limit = stated > 0 ? stated : kDefaultMemoryLimit;
    spec.memory_reservation = spec.memory_limit;
    return spec;
}

class MemoryHubTest : public HubCoreTest {
  protected:
    const ServiceSpec& spec(const std::string& name) {
        for (const auto& s : core_->state().stacks.at("demo").spec.services) {
            if (s.name == name) return s;
        }
        ADD_FAILURE() << "no service " << name;
        static ServiceSpec none;
        return none;
    }

    const ReplicaRecord& replica(const std::string& name, int index) {
        for (const auto& r : core_->state().replicas) {
            if (r.key.service == name && r.key.replica == index) return r;
        }
        ADD_FAILURE() << "no replica " << name << "." << index;
        static ReplicaRecord none;
        return none;
    }

    // The container a node was told to run for a service's replica, as the agent reports it.
    ObservedContainer observed(const std::string& node, const std::string& name, int index = 0) {
        for (const auto& d : core_->desired_set(node).containers) {
            if (d.service != name || d.replica != index) continue;
            ObservedContainer c = running(d);
            c.id = "id-" + node + "-" + name + std::to_string(index);
            c.memory_limit = d.memory_limit;
            return c;
        }
        ADD_FAILURE() << node << " has no " << name << "." << index;
        return {};
    }

    Outcome report_on(const std::string& node, std::vector<ObservedContainer> containers) {
        return report(node, core_->state().nodes.at(node).generation, std::move(containers));
    }

    // Reports `container` every 2 s for `seconds`.
    void run_for(const std::string& node, const ObservedContainer& container, int seconds) {
        for (int elapsed = 0; elapsed <= seconds; elapsed += 2) {
            now_ += 2000;
            report_on(node, {container});
        }
    }

    std::vector<std::string> memory_events() {
        std::vector<std::string> messages;
        for (const auto& event : stored_events("memory")) {
            messages.push_back(event.subject + ": " + event.message);
        }
        return messages;
    }

    void short_window() {
        MemoryLearningConfig config;
        config.window.observation_ms = 20 * 1000;
        core_->configure_memory(config);
    }
};

TEST_F(MemoryHubTest, AutomaticLimitsStartProvisional) {
    status("nuc-1", true);
    deploy({"demo",
            {memory_service("jellyfin", "jellyfin/jellyfin", MemoryMode::kDefault, 0),
             memory_service("tool", "edge-test/busybox", MemoryMode::kDefault, 0),
             memory_service("small", "edge-test/busybox", MemoryMode::kAuto, 64 * kMiB),
             memory_service("fixed", "edge-test/busybox", MemoryMode::kDefault, 128 * kMiB),
             memory_service("dns", "pihole/pihole", MemoryMode::kRecommend, 0)}});
    EXPECT_EQ(spec("jellyfin").memory_mode, MemoryMode::kAuto);
    EXPECT_EQ(spec("jellyfin").memory_limit, 1 * kGiB);
    EXPECT_EQ(spec("jellyfin").memory_reservation, 1 * kGiB);
    EXPECT_EQ(spec("tool").memory_limit, 256 * kMiB);
    EXPECT_EQ(spec("small").memory_limit, 64 * kMiB);
    EXPECT_EQ(spec("fixed").memory_mode, MemoryMode::kDefault);  // a stated limit: fixed
    EXPECT_EQ(spec("fixed").memory_limit, 128 * kMiB);
    // Recommend mode changes nothing until asked: the default, not the image's known need.
    EXPECT_EQ(spec("dns").memory_mode, MemoryMode::kRecommend);
    EXPECT_EQ(spec("dns").memory_limit, 256 * kMiB);
    EXPECT_EQ(reloaded().stacks.at("demo").spec, core_->state().stacks.at("demo").spec);
}

TEST_F(MemoryHubTest, FixedDefaultKeepsTheOldBehaviour) {
    MemoryLearningConfig config;
    config.default_mode = MemoryMode::kFixed;
    core_->configure_memory(config);
    status("nuc-1", true);
    deploy({"demo", {memory_service("jellyfin", "jellyfin/jellyfin", MemoryMode::kDefault, 0)}});
    EXPECT_EQ(spec("jellyfin").memory_mode, MemoryMode::kDefault);
    EXPECT_EQ(spec("jellyfin").memory_limit, 256 * kMiB);
}

TEST_F(MemoryHubTest, ProvisionalLimitNeverExceedsTheLargestNode) {
    status("pi-1", true, small_node());
    deploy({"demo", {memory_service("ml", "immich-machine-learning", MemoryMode::kAuto, 0)}});
    EXPECT_EQ(spec("ml").memory_limit, 768 * kMiB);  // 2 GiB known need, 768 MiB allocatable
}

TEST_F(MemoryHubTest, OomKillRaisesTheLimitAndRestartsTheReplica) {
    status("nuc-1", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 64 * kMiB)}});
    ObservedContainer app = observed("nuc-1", "app");
    report_on("nuc-1", {app});
    app.oom_kills = 1;
    app.memory_peak = 64 * kMiB;
    Outcome outcome = report_on("nuc-1", {app});

    EXPECT_EQ(spec("app").memory_limit, 96 * kMiB);
    EXPECT_EQ(spec("app").memory_reservation, 96 * kMiB);
    EXPECT_TRUE(outcome.publish_nodes.contains("nuc-1"));
    EXPECT_EQ(core_->desired_set("nuc-1").containers.at(0).memory_limit, 96 * kMiB);
    EXPECT_FALSE(replica("app", 0).on_previous);
    std::string free = format_memory_size(16 * kGiB - 256 * kMiB - 96 * kMiB);
    EXPECT_EQ(memory_events(),
              std::vector<std::string>{"demo/app: limit 64 → 96 MiB after an OOM kill at 64 MiB "
                                       "(peak 64 MiB); fits on nuc-1 (" +
                                       free + " free)"});

    // The same count again, or the old container killed again before it was replaced:
    // raised already.
    report_on("nuc-1", {app});
    app.oom_kills = 2;
    report_on("nuc-1", {app});
    EXPECT_EQ(spec("app").memory_limit, 96 * kMiB);
    // The new container is killed too: half again.
    ObservedContainer raised = observed("nuc-1", "app");
    raised.id = "id-raised";
    report_on("nuc-1", {raised});
    raised.oom_kills = 1;
    raised.memory_peak = 96 * kMiB;
    report_on("nuc-1", {raised});
    EXPECT_EQ(spec("app").memory_limit, 144 * kMiB);
}

TEST_F(MemoryHubTest, AFreshContainerAlreadyKilledCountsToo) {
    status("nuc-1", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 64 * kMiB)}});
    report_on("nuc-1", {});
    ObservedContainer app = observed("nuc-1", "app");
    app.oom_kills = 1;
    app.memory_peak = 64 * kMiB;
    report_on("nuc-1", {app});
    EXPECT_EQ(spec("app").memory_limit, 96 * kMiB);
}

TEST_F(MemoryHubTest, AtTheCeilingTheLimitStaysAndThatIsSaidOnce) {
    MemoryLearningConfig config;
    config.policy.ceiling = 64 * kMiB;
    core_->configure_memory(config);
    status("nuc-1", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 64 * kMiB)}});
    ObservedContainer app = observed("nuc-1", "app");
    report_on("nuc-1", {app});
    for (int kills = 1; kills <= 3; ++kills) {
        app.oom_kills = kills;
        report_on("nuc-1", {app});
    }
    EXPECT_EQ(spec("app").memory_limit, 64 * kMiB);
    EXPECT_EQ(memory_events(),
              std::vector<std::string>{"demo/app: limit stays at 64 MiB after an OOM kill at 64 "
                                       "MiB: it is at the ceiling (64 MiB) or the largest node's "
                                       "allocatable memory (15.8 GiB)"});
    json rows = ok(ops::kServicePs, {{"service", "app"}});
    EXPECT_NE(rows[0]["memory_pending"].get<std::string>().find("limit stays at 64 MiB"),
              std::string::npos);
}

TEST_F(MemoryHubTest, FixedLimitsAreNeverChanged) {
    status("nuc-1", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kFixed, 64 * kMiB)}});
    ObservedContainer app = observed("nuc-1", "app");
    report_on("nuc-1", {app});
    app.oom_kills = 3;
    report_on("nuc-1", {app});
    EXPECT_EQ(spec("app").memory_limit, 64 * kMiB);
    EXPECT_TRUE(memory_events().empty());
}

TEST_F(MemoryHubTest, ARaiseThatNoLongerFitsMovesTheReplicaAndSaysWhy) {
    status("pi-1", true, small_node());
    deploy({"demo",
            {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 512 * kMiB),
             memory_service("other", "edge-test/busybox", MemoryMode::kFixed, 128 * kMiB)}});
    ASSERT_EQ(replica("app", 0).node, "pi-1");
    status("nuc-1", true);  // joins later: running replicas stay where they are
    ASSERT_EQ(replica("app", 0).node, "pi-1");
    ObservedContainer app = observed("pi-1", "app");
    report_on("pi-1", {app});
    app.oom_kills = 1;
    app.memory_peak = 512 * kMiB;
    report_on("pi-1", {app});

    EXPECT_EQ(spec("app").memory_limit, 768 * kMiB);
    EXPECT_EQ(replica("app", 0).node, "nuc-1");
    std::string free = format_memory_size(16 * kGiB - 256 * kMiB - 768 * kMiB);
    EXPECT_EQ(memory_events(),
              std::vector<std::string>{
                  "demo/app: limit 512 → 768 MiB after an OOM kill at 512 MiB (peak 512 MiB); "
                  "moved from pi-1 (640 MiB free, it needs 768 MiB) to nuc-1 (" +
                  free + " free)"});
}

TEST_F(MemoryHubTest, ARaiseThatFitsNowhereKeepsTheOldLimitAndNamesEveryNode) {
    status("pi-1", true, small_node());
    deploy({"demo",
            {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 400 * kMiB),
             memory_service("other", "edge-test/busybox", MemoryMode::kFixed, 300 * kMiB)}});
    ObservedContainer app = observed("pi-1", "app");
    report_on("pi-1", {app});
    app.oom_kills = 1;
    app.memory_peak = 400 * kMiB;
    report_on("pi-1", {app});

    EXPECT_EQ(spec("app").memory_limit, 400 * kMiB);
    EXPECT_EQ(replica("app", 0).node, "pi-1");
    ASSERT_EQ(memory_events().size(), 1u);
    EXPECT_EQ(memory_events()[0].rfind("demo/app: limit stays at 400 MiB; a raise to 640 MiB after "
                                       "an OOM kill at 400 MiB (peak 400 MiB) fits on no node: "
                                       "pi-1: ",
                                       0),
              0u)
        << memory_events()[0];
    json rows = ok(ops::kServicePs, {{"service", "app"}});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_NE(rows[0]["memory_pending"].get<std::string>().find("fits on no node: pi-1: "),
              std::string::npos)
        << rows[0];
    // The same refusal is not announced twice.
    app.oom_kills = 2;
    report_on("pi-1", {app});
    EXPECT_EQ(memory_events().size(), 1u);
}

TEST_F(MemoryHubTest, AReplicaThatKeepsItsDataOnItsNodeIsNotMovedByARaise) {
    status("pi-1", true, small_node());
    ServiceSpec app = memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 512 * kMiB);
    app.volumes = {VolumeMount{VolumeMount::Kind::kNamed, "data", "/data"}};
    deploy({"demo",
            {app, memory_service("other", "edge-test/busybox", MemoryMode::kFixed, 128 * kMiB)}});
    status("nuc-1", true);
    ObservedContainer container = observed("pi-1", "app");
    report_on("pi-1", {container});
    container.oom_kills = 1;
    container.memory_peak = 512 * kMiB;
    report_on("pi-1", {container});
    EXPECT_EQ(spec("app").memory_limit, 512 * kMiB);
    EXPECT_EQ(replica("app", 0).node, "pi-1");
    EXPECT_EQ(memory_events(),
              std::vector<std::string>{
                  "demo/app: limit stays at 512 MiB; a raise to 768 MiB after an OOM kill at "
                  "512 MiB (peak 512 MiB) cannot move: pi-1 holds its data and has 640 MiB for "
                  "it"});
}

TEST_F(MemoryHubTest, OneReplicaRaisedAtOnceTheOthersRoll) {
    status("nuc-1", true);
    status("nuc-2", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 64 * kMiB, 2)}});
    const std::string node = replica("app", 0).node;
    ObservedContainer app = observed(node, "app", 0);
    report_on(node, {app});
    app.oom_kills = 1;
    report_on(node, {app});
    EXPECT_EQ(spec("app").memory_limit, 96 * kMiB);
    EXPECT_FALSE(replica("app", 0).on_previous);
    EXPECT_TRUE(replica("app", 1).on_previous);
    const StackRecord& record = core_->state().stacks.at("demo");
    ASSERT_TRUE(record.rollouts.contains("app"));
    EXPECT_EQ(record.previous.at("app").memory_limit, 64 * kMiB);
    ASSERT_EQ(memory_events().size(), 1u);
    EXPECT_NE(memory_events()[0].find(
                  "; 1 other replica(s) follow in a rolling update per update_config"),
              std::string::npos)
        << memory_events()[0];
}

TEST_F(MemoryHubTest, RecommendModeShowsTheLearnedLimitAndResizeApplies) {
    short_window();
    status("nuc-1", true);
    deploy({"demo",
            {memory_service("rec", "edge-test/busybox", MemoryMode::kRecommend, 256 * kMiB),
             memory_service("fixed", "edge-test/busybox", MemoryMode::kFixed, 64 * kMiB)}});
    EXPECT_EQ(error(ops::kServiceResize, {{"service", "fixed"}}),
              "demo/fixed has a fixed memory limit (64 MiB); x-edge: {memory: recommend} or "
              "{memory: auto} learns one");
    ObservedContainer rec = observed("nuc-1", "rec");
    rec.memory_peak = 20 * kMiB;
    run_for("nuc-1", rec, 10);
    EXPECT_NE(error(ops::kServiceResize, {{"service", "rec"}, {"apply", true}})
                  .find("no recommendation for demo/rec yet: "),
              std::string::npos);
    run_for("nuc-1", rec, 12);

    json services = ok(ops::kServiceList);
    ASSERT_EQ(services.size(), 2u);
    const json& row = services[1]["service"] == "rec" ? services[1] : services[0];
    EXPECT_EQ(row["memory_mode"], "recommend");
    EXPECT_EQ(row["memory_limit"], 256 * kMiB);
    EXPECT_EQ(row["memory_peak_window"], 20 * kMiB);
    EXPECT_EQ(row["memory_recommendation"], 32 * kMiB);
    EXPECT_EQ(memory_events(),
              std::vector<std::string>{"demo/rec: learned limit 32 MiB (limit now 256 MiB, peak "
                                       "20 MiB over 20 s of use); `edgectl service resize "
                                       "demo/rec --apply` applies it"});
    EXPECT_EQ(spec("rec").memory_limit, 256 * kMiB);  // nothing changes by itself

    json shown = ok(ops::kServiceResize, {{"service", "rec"}});
    EXPECT_EQ(shown["memory_recommendation"], 32 * kMiB);
    EXPECT_EQ(spec("rec").memory_limit, 256 * kMiB);
    json applied = ok(ops::kServiceResize, {{"service", "demo/rec"}, {"apply", true}});
    EXPECT_EQ(applied["applied"], true);
    EXPECT_EQ(spec("rec").memory_limit, 32 * kMiB);
    // Asked for, not forced: the replica rolls per update_config, at the next step.
    EXPECT_TRUE(replica("rec", 0).on_previous);
    tick(100);
    EXPECT_EQ(observed("nuc-1", "rec").memory_limit, 32 * kMiB);
    EXPECT_EQ(memory_events().back().rfind(
                  "demo/rec: limit 256 → 32 MiB by `edgectl service "
                  "resize --apply` (learned from use); rec.0 fits on nuc-1 (15.4 GiB free); its "
                  "replica(s) follow in a rolling update per "
                  "update_config",
                  0),
              0u)
        << memory_events().back();
}

TEST_F(MemoryHubTest, AutoTakesTheLearnedLimitAtTheNextRestartOrDeploy) {
    short_window();
    status("nuc-1", true);
    StackSpec stack{"demo",
                    {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 256 * kMiB)}};
    deploy(stack);
    ObservedContainer app = observed("nuc-1", "app");
    app.memory_peak = 20 * kMiB;
    run_for("nuc-1", app, 22);
    // Learned, announced, not applied to a healthy container.
    EXPECT_EQ(spec("app").memory_limit, 256 * kMiB);
    ASSERT_EQ(memory_events().size(), 1u);
    EXPECT_NE(memory_events()[0].find("applied at its next restart or deploy"), std::string::npos);
    app.engine_restarts = 1;
    report_on("nuc-1", {app});
    EXPECT_EQ(spec("app").memory_limit, 32 * kMiB);
    EXPECT_EQ(
        memory_events().back().rfind(
            "demo/app: limit 256 → 32 MiB learned from use, at its restart; fits on nuc-1", 0),
        0u)
        << memory_events().back();
    // A deploy of the same file keeps what was learned.
    deploy(stack);
    EXPECT_EQ(spec("app").memory_limit, 32 * kMiB);
}

TEST_F(MemoryHubTest, AContainerThatStoppedAndRunsAgainTakesTheLearnedLimitToo) {
    short_window();
    status("nuc-1", true);
    deploy({"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 256 * kMiB)}});
    ObservedContainer app = observed("nuc-1", "app");
    app.memory_peak = 20 * kMiB;
    run_for("nuc-1", app, 22);
    ObservedContainer stopped = app;
    stopped.state = "exited";
    report_on("nuc-1", {stopped});
    EXPECT_EQ(spec("app").memory_limit, 256 * kMiB);  // not while it is down
    report_on("nuc-1", {app});                        // the agent started it again
    EXPECT_EQ(spec("app").memory_limit, 32 * kMiB);
}

TEST_F(MemoryHubTest, ADeployAppliesTheLearnedLimit) {
    short_window();
    status("nuc-1", true);
    StackSpec stack{"demo",
                    {memory_service("app", "edge-test/busybox", MemoryMode::kAuto, 256 * kMiB)}};
    deploy(stack);
    ObservedContainer app = observed("nuc-1", "app");
    app.memory_peak = 100 * kMiB;
    run_for("nuc-1", app, 22);
    deploy(stack);
    EXPECT_EQ(spec("app").memory_limit, 128 * kMiB);  // 100 MiB x 1.25, rounded up
    EXPECT_TRUE(core_->state().stacks.at("demo").rollouts.contains("app"));
}

TEST_F(MemoryHubTest, HistoriesSurviveAHubRestart) {
    status("nuc-1", true);
    deploy(
        {"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kRecommend, 256 * kMiB)}});
    ObservedContainer app = observed("nuc-1", "app");
    app.memory_peak = 40 * kMiB;
    run_for("nuc-1", app, 10);
    int64_t observed_ms = ok(ops::kServiceList)[0]["memory_observed_ms"].get<int64_t>();
    EXPECT_GE(observed_ms, 10000);
    tick(60 * 1000);  // written about once a minute
    open();
    json rows = ok(ops::kServiceList);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["memory_peak_window"], 40 * kMiB);
    EXPECT_EQ(rows[0]["memory_observed_ms"], observed_ms);
    // A removed stack takes its history with it.
    ok(ops::kStackRemove, {{"stack", "demo"}});
    tick(60 * 1000);
    auto store = SqliteStore::open(dir_.file("hub.db"));
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE((*store)->memory_histories()->empty());
}

TEST_F(MemoryHubTest, AHistoryThatDoesNotDecodeIsDroppedNotFatal) {
    status("nuc-1", true);
    deploy(
        {"demo", {memory_service("app", "edge-test/busybox", MemoryMode::kRecommend, 256 * kMiB)}});
    {
        auto store = SqliteStore::open(dir_.file("hub.db"));
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->put_memory_histories({{"demo", "app", "{not json", now_}}, {}).ok());
    }
    open();
    json rows = ok(ops::kServiceList);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["memory_peak_window"], 0);
    // Learning starts again.
    ObservedContainer app = observed("nuc-1", "app");
    app.memory_peak = 30 * kMiB;
    run_for("nuc-1", app, 4);
    EXPECT_EQ(ok(ops::kServiceList)[0]["memory_peak_window"], 30 * kMiB);
}

}  // namespace
}  // namespace edge::testing

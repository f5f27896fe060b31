#include "agent/observe/container_insight.h"

#include <gtest/gtest.h>

#include "agent/testing/fake_engine.h"

namespace edge {
namespace {

using testing::FakeEngine;

constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kNow = 1'700'000'000'000;

ObservedContainer running(const std::string& id) {
    ObservedContainer c;
    c.id = id;
    c.state = "running";
    c.memory_limit = 64 * kMiB;
    return c;
}

// No cgroup is ever found under this root, so only the engine's figures count.
CgroupMemory no_cgroups() {
    return CgroupMemory("/nonexistent-edge-cgroup-root");
}

TEST(ContainerInsight, CountsEngineOomEventsOnceEach) {
    FakeEngine engine;
    engine.event_log = {{"c1", kNow - 5000, (kNow - 5000) * 1000000},
                        {"c1", kNow - 3000, (kNow - 3000) * 1000000}};
    ContainerInsight insight(no_cgroups());
    insight.poll_engine_events(engine, "pi-1", kNow);
    // Overlapping windows return the same events again; they count once.
    insight.poll_engine_events(engine, "pi-1", kNow + 2000);
    std::vector<ObservedContainer> observed = {running("c1"), running("c2")};
    insight.annotate(observed, kNow + 2000);
    EXPECT_EQ(observed[0].oom_kills, 2);
    EXPECT_EQ(observed[0].oom_times_ms, (std::vector<int64_t>{kNow - 5000, kNow - 3000}));
    // Killed at its limit, so that was its peak.
    EXPECT_EQ(observed[0].memory_peak, 64 * kMiB);
    EXPECT_EQ(observed[1].oom_kills, 0);
    EXPECT_EQ(observed[1].memory_peak, 0);
}

TEST(ContainerInsight, FallsBackToTheOomKilledFlagWithoutAnEventLog) {
    FakeEngine engine;
    engine.reachable = false;  // container_events fails
    ContainerInsight insight(no_cgroups());
    insight.poll_engine_events(engine, "pi-1", kNow);
    ObservedContainer exited = running("c1");
    exited.state = "exited";
    exited.oom_killed = true;
    std::vector<ObservedContainer> observed = {exited};
    insight.annotate(observed, kNow);
    insight.annotate(observed, kNow + 2000);  // the same exit is counted once
    EXPECT_EQ(observed[0].oom_kills, 1);
    observed[0] = running("c1");
    insight.annotate(observed, kNow + 4000);
    observed[0] = exited;
    insight.annotate(observed, kNow + 6000);
    EXPECT_EQ(observed[0].oom_kills, 2);
}

TEST(ContainerInsight, CountsHealthRestartsAndForgetsRemovedContainers) {
    ContainerInsight insight(no_cgroups());
    insight.record_health_restart("c1");
    insight.record_health_restart("c1");
    std::vector<ObservedContainer> observed = {running("c1")};
    insight.annotate(observed, kNow);
    EXPECT_EQ(observed[0].health_restarts, 2);
    std::vector<ObservedContainer> none;
    insight.annotate(none, kNow);
    insight.annotate(observed, kNow);
    EXPECT_EQ(observed[0].health_restarts, 0);
}

TEST(ContainerInsight, KeepsOnlyTheNewestKillTimes) {
    FakeEngine engine;
    for (int i = 0; i < 20; ++i) {
        int64_t t = kNow - 100000 + i * 1000;
        engine.event_log.push_back({"c1", t, t * 1000000});
    }
    ContainerInsight insight(no_cgroups());
    insight.poll_engine_events(engine, "pi-1", kNow);
    std::vector<ObservedContainer> observed = {running("c1")};
    insight.annotate(observed, kNow);
    EXPECT_EQ(observed[0].oom_kills, 20);
    ASSERT_EQ(observed[0].oom_times_ms.size(), kMaxOomTimes);
    EXPECT_EQ(observed[0].oom_times_ms.back(), kNow - 100000 + 19 * 1000);
}

}  // namespace
}  // namespace edge

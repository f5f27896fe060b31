#include "hub/notify/insight_events.h"
#include "core/byte_units.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ClusterState cluster(int64_t node_memory) {
    ClusterState state;
    ServiceSpec web;
    web.name = "web";
    web.image = "busybox";
    web.memory_limit = 128 * kMiB;
    web.memory_reservation = 128 * kMiB;
    state.stacks["demo"] = {StackSpec{"demo", {web}}, 0, 0};
    NodeRecord node;
    node.name = "pi-1";
    node.facts.memory_total = node_memory;
    state.nodes["pi-1"] = node;
    state.replicas = {{{"demo", "web", 1}, "pi-1", ""}};
    return state;
}

ObservedContainer web_container() {
    ObservedContainer c;
    c.id = "c1";
    c.stack = "demo";
    c.service = "web";
    c.replica = 1;
    c.state = "running";
    c.memory_limit = 128 * kMiB;
    return c;
}

NodeReport report_of(const ObservedContainer& c) {
    return NodeReport{"pi-1", 1, {c}, 0};
}

TEST(InsightEvents, NothingWithoutAPreviousReportOrAChange) {
    ClusterState state = cluster(2048 * kMiB);
    NodeReport report = report_of(web_container());
    EXPECT_TRUE(insight_events(state, {}, nullptr, report, 1000).empty());
    EXPECT_TRUE(insight_events(state, {}, &report, report, 1000).empty());
}

TEST(InsightEvents, OomKillSuggestsALargerLimitThatFits) {
    ClusterState state = cluster(2048 * kMiB);
    ObservedContainer before = web_container();
    ObservedContainer after = before;
    int64_t now = 10 * 60 * 1000;
    after.oom_kills = 1;
    after.oom_times_ms = {now - 1000};
    after.memory_peak = 128 * kMiB;
    NodeReport previous = report_of(before);
    auto events = insight_events(state, {}, &previous, report_of(after), now);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, "oom");
    EXPECT_EQ(events[0].subject, "demo/web");
    EXPECT_EQ(events[0].message,
              "web.1 on pi-1 OOM-killed 1× in 1 min (limit 128 MiB, peak 128 MiB); consider a "
              "memory limit of 192 MiB; it would still fit on pi-1 (1.8 GiB available to it)");
}

TEST(InsightEvents, OomAdviceSaysWhenItWouldNotFit) {
    ClusterState state = cluster(400 * kMiB);  // 144 MiB allocatable after the 256 MiB reserve
    ObservedContainer before = web_container();
    ObservedContainer after = before;
    after.oom_kills = 2;
    NodeReport previous = report_of(before);
    auto events = insight_events(state, {}, &previous, report_of(after), 1000);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NE(events[0].message.find("would NOT fit on pi-1"), std::string::npos)
        << events[0].message;
}

TEST(InsightEvents, AnAutomaticLimitGetsNoAdviceTheHubRaisesIt) {
    ClusterState state = cluster(2048 * kMiB);
    state.stacks["demo"].spec.services[0].memory_mode = MemoryMode::kAuto;
    ObservedContainer before = web_container();
    ObservedContainer after = before;
    after.oom_kills = 1;
    NodeReport previous = report_of(before);
    auto events = insight_events(state, {}, &previous, report_of(after), 1000);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].message,
              "web.1 on pi-1 OOM-killed 1× (limit 128 MiB); its automatic limit is "
              "raised (see the memory event)");
}

TEST(InsightEvents, HealthChangesAndRestarts) {
    ClusterState state = cluster(2048 * kMiB);
    ObservedContainer healthy = web_container();
    healthy.health = "healthy";
    ObservedContainer unhealthy = healthy;
    unhealthy.health = "unhealthy";
    ObservedContainer restarted = healthy;
    restarted.health = "starting";
    restarted.health_restarts = 1;

    NodeReport a = report_of(healthy);
    NodeReport b = report_of(unhealthy);
    NodeReport c = report_of(restarted);
    auto went_bad = insight_events(state, {}, &a, b, 1000);
    ASSERT_EQ(went_bad.size(), 1u);
    EXPECT_EQ(went_bad[0].kind, "health");
    EXPECT_EQ(went_bad[0].message, "web.1 on pi-1 is unhealthy");
    auto restart = insight_events(state, {}, &b, c, 2000);
    ASSERT_EQ(restart.size(), 1u);
    EXPECT_EQ(restart[0].kind, "restart");
    EXPECT_EQ(restart[0].message, "web.1 on pi-1 restarted: its health check failed (restart 1)");
    auto recovered = insight_events(state, {}, &b, a, 3000);
    ASSERT_EQ(recovered.size(), 1u);
    EXPECT_EQ(recovered[0].message, "web.1 on pi-1 is healthy again");
}

TEST(InsightEvents, RestartsByTheEnginesPolicy) {
    ClusterState state = cluster(2048 * kMiB);
    ObservedContainer before = web_container();
    ObservedContainer after = before;
    after.engine_restarts = 3;
    NodeReport a = report_of(before);
    NodeReport b = report_of(after);
    auto events = insight_events(state, {}, &a, b, 1000);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, "restart");
    EXPECT_EQ(events[0].message,
              "web.1 on pi-1 restarted by the engine after its process ended (restart 3 since it "
              "was started)");
    // The agent starting it by hand sets the engine's count back: no event.
    EXPECT_TRUE(insight_events(state, {}, &b, a, 2000).empty());
}

TEST(InsightEvents, ANewContainerIsNotCompared) {
    ClusterState state = cluster(2048 * kMiB);
    ObservedContainer old_one = web_container();
    ObservedContainer new_one = web_container();
    new_one.id = "c2";
    new_one.oom_kills = 1;
    NodeReport previous = report_of(old_one);
    EXPECT_TRUE(insight_events(state, {}, &previous, report_of(new_one), 1000).empty());
}

}  // namespace
}  // namespace edge

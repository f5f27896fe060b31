// The human tables for each answer shape in schema/requests.h.
#include <gtest/gtest.h>

#include "edgectl/commands.h"

namespace edge::ctl {
namespace {

using nlohmann::json;

constexpr int64_t kMiB = 1024 * 1024;

json replica(const std::string& service, int index, const std::string& node,
             const std::string& state, const std::string& reason = "") {
    return {{"stack", "demo"},
            {"service", service},
            {"replica", index},
            {"node", node},
            {"state", state},
            {"reason", reason},
            {"memory_limit", 64 * kMiB},
            {"memory_reservation", 64 * kMiB},
            {"image", "edgeorch/busybox:latest"},
            {"container_id", node.empty() ? "" : "4f2a9c0d1e3b5a6978c0d1e2"},
            {"spec_hash", "abc123"}};
}

TEST(RenderReplicas, ShowsNodeStateAndReason) {
    json rows = json::array({replica("web", 1, "nuc-1", "running"),
                             replica("web", 2, "", "pending", "no node has 64 MiB free")});
    EXPECT_EQ(render_replicas(rows),
              "REPLICA      NODE    STATE     MEMORY   IMAGE                     CONTAINER      "
              "REASON\n"
              "demo/web.1   nuc-1   running   64 MiB   edgeorch/busybox:latest   4f2a9c0d1e3b\n"
              "demo/web.2   -       pending   64 MiB   edgeorch/busybox:latest   -              "
              "no node has 64 MiB free\n");
}

TEST(RenderReplicas, NamesRestartsByTheEngine) {
    json row = replica("web", 1, "nuc-1", "running");
    row["engine_restarts"] = 3;
    EXPECT_NE(render_replicas(json::array({row})).find("restarted 3× by the engine"),
              std::string::npos);
}

TEST(RenderReplicas, ShowsACrashLoopsWaitUntilItsNextStart) {
    json row = replica("web", 1, "nuc-1", "exited");
    row["restart_at_ms"] = 10'000 + 1'600;
    row["quick_exits"] = 4;
    EXPECT_NE(render_replicas(json::array({row}), 10'000)
                  .find("exited 4× quickly, next start in 1s600ms"),
              std::string::npos)
        << render_replicas(json::array({row}), 10'000);
    EXPECT_NE(render_replicas(json::array({row}), 12'000).find("next start due now"),
              std::string::npos);
    row["state"] = "running";  // started since: no wait to show
    EXPECT_EQ(render_replicas(json::array({row}), 10'000).find("quickly"), std::string::npos);
}

TEST(RenderReplicas, ShowsAPullInFlight) {
    json row = replica("db", 0, "nuc-1", "assigned");
    row["pulling"] = true;
    row["pull_done_bytes"] = 54 << 20;
    row["pull_total_bytes"] = 120 << 20;
    EXPECT_NE(render_replicas(json::array({row})).find("pulling image: 45% of 120 MiB"),
              std::string::npos)
        << render_replicas(json::array({row}));
    row["pull_total_bytes"] = 0;  // no layer announced yet
    EXPECT_NE(render_replicas(json::array({row})).find("pulling image"), std::string::npos);
    row["pulling"] = false;
    EXPECT_EQ(render_replicas(json::array({row})).find("pulling"), std::string::npos);
}

TEST(RenderReplicas, ShowsAFailedPullWithItsAttemptAndNextTry) {
    json row = replica("web", 1, "nuc-1", "assigned");
    row["failure"] = "cannot pull image shop:2: manifest unknown";
    row["failure_attempts"] = 3;
    row["retry_at_ms"] = 10'000 + 8'000;
    std::string text = render_replicas(json::array({row}), 10'000);
    EXPECT_NE(text.find("cannot pull image shop:2: manifest unknown; attempt 3, next try in 8s"),
              std::string::npos)
        << text;
    EXPECT_NE(render_replicas(json::array({row}), 20'000).find("next try due now"),
              std::string::npos);
    row["retry_at_ms"] = 0;  // a refusal by the node's policy is not retried on a schedule
    text = render_replicas(json::array({row}), 10'000);
    EXPECT_NE(text.find("manifest unknown"), std::string::npos);
    EXPECT_EQ(text.find("next try"), std::string::npos);
}

TEST(RenderReplicas, CountsAndExplainsPendingOnes) {
    json rows = json::array({replica("web", 1, "nuc-1", "running"),
                             replica("db", 1, "", "pending", "databases stay off SD cards"),
                             replica("web", 2, "", "pending")});
    EXPECT_EQ(count_pending(rows), 2u);
    EXPECT_EQ(render_pending(rows),
              "pending: demo/db.1: databases stay off SD cards\n"
              "pending: demo/web.2: no reason given\n");
    EXPECT_EQ(count_pending(json::object()), 0u);
    EXPECT_EQ(render_pending(json()), "");
}

TEST(RenderStacks, ShowsRunningOverDesired) {
    json rows = json::array({{{"name", "demo"},
                              {"services", 2},
                              {"desired", 3},
                              {"running", 2},
                              {"updated_ms", 1000}}});
    EXPECT_EQ(render_stacks(rows, 61000),
              "NAME   SERVICES   REPLICAS   UPDATED\n"
              "demo   2          2/3        1m ago\n");
}

TEST(RenderServices, ShowsLimitsAsSizes) {
    json rows = json::array({{{"stack", "demo"},
                              {"service", "web"},
                              {"image", "edgeorch/busybox:latest"},
                              {"mode", "replicated"},
                              {"desired", 2},
                              {"running", 2},
                              {"memory_limit", 64 * kMiB},
                              {"memory_reservation", 32 * kMiB},
                              {"endpoints", json::array({"nuc-1:8080", "pi-2:8080"})}}});
    EXPECT_EQ(render_services(rows),
              "STACK   SERVICE   IMAGE                     MODE         REPLICAS   MEMORY   "
              "RESERVED   ENDPOINTS\n"
              "demo    web       edgeorch/busybox:latest   replicated   2/2        64 MiB   "
              "32 MiB     nuc-1:8080,pi-2:8080\n");
}

TEST(RenderServices, ServiceWithoutEndpointsShowsADash) {
    json rows =
        json::array({{{"stack", "demo"}, {"service", "cron"}, {"endpoints", json::array()}}});
    EXPECT_NE(render_services(rows).find("   -\n"), std::string::npos) << render_services(rows);
}

TEST(RenderNodes, ShowsFactsLoadAndLabels) {
    json rows =
        json::array({{{"name", "pi-1"},
                      {"state", "ready"},
                      {"online", true},
                      {"class", "low-power"},
                      {"arch", "arm64"},
                      {"cpus", 4},
                      {"storage", "sd"},
                      {"model", "Raspberry Pi 4 Model B"},
                      {"memory_total", 2048 * kMiB},
                      {"allocatable", 1792 * kMiB},
                      {"reserved", 64 * kMiB},
                      {"replicas", 1},
                      {"labels", {{"zone", "attic"}, {"disk", "sd"}}},
                      {"devices", {"/dev/dri", "/dev/net/tun", "/dev/ttyUSB0", "/dev/video0"}},
                      {"last_seen_ms", 10000},
                      {"generation", 3},
                      {"observed_generation", 3}}});
    EXPECT_EQ(render_nodes(rows, 15000),
              "NAME   STATE   CLASS       ARCH    CPUS   STORAGE   MEMORY    ALLOCATABLE   "
              "RESERVED   REPLICAS   LAST SEEN   LABELS               DEVICES\n"
              "pi-1   ready   low-power   arm64   4      sd        2.0 GiB   1.8 GiB       "
              "64 MiB     1          5s ago      disk=sd,zone=attic   "
              "/dev/dri,/dev/net/tun,/dev/ttyUSB0,+1\n");
}

TEST(RenderNodes, ShowsDashesForUnknownFacts) {
    json rows = json::array({{{"name", "nuc-1"}, {"state", "down"}}});
    EXPECT_EQ(render_nodes(rows, 0),
              "NAME    STATE   CLASS   ARCH   CPUS   STORAGE   MEMORY   ALLOCATABLE   RESERVED   "
              "REPLICAS   LAST SEEN   LABELS   DEVICES\n"
              "nuc-1   down    -       -      -      -         -        -             -          "
              "0          -           -        -\n");
}

TEST(RenderLabels, IsKeyOrderedAndDashWhenEmpty) {
    EXPECT_EQ(render_labels(json::object()), "-");
    EXPECT_EQ(render_labels(json()), "-");
    EXPECT_EQ(render_labels({{"b", "2"}, {"a", "1"}}), "a=1,b=2");
}

TEST(RenderEvents, TableAndFollowLineCarryTheSameFields) {
    json rows = json::array({{{"id", 7},
                              {"time_ms", 0},
                              {"kind", "placement"},
                              {"subject", "demo/web"},
                              {"message", "replica 1 placed on nuc-1"}}});
    EXPECT_EQ(render_events(rows),
              "TIME   KIND        SUBJECT    MESSAGE\n"
              "-      placement   demo/web   replica 1 placed on nuc-1\n");
    Event event{7, 0, "node", "", "pi-1 went offline"};
    EXPECT_EQ(render_event_line(event), "-  node  -  pi-1 went offline");
}

}  // namespace
}  // namespace edge::ctl

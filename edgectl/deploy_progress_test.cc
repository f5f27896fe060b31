#include "edgectl/deploy_progress.h"

#include <gtest/gtest.h>

namespace edge::ctl {
namespace {

using nlohmann::json;

json row(const std::string& node, const std::string& state, const std::string& health = "") {
    return {{"node", node}, {"state", state}, {"health", health}};
}

TEST(DeployProgress, CountsReplicasByWhatTheyWaitFor) {
    json rows = json::array({row("pi-1", "running"), row("pi-2", "running", "healthy"),
                             row("pi-3", "running", "starting"), row("pi-1", "assigned"),
                             row("pi-2", "outdated"), row("pi-3", "exited"),
                             row("pi-1", "running", "unhealthy"), row("", "pending")});
    ServiceProgress progress = summarize_progress(rows);
    EXPECT_EQ(progress.placed, 7);
    EXPECT_EQ(progress.updated, 2);
    EXPECT_EQ(progress.starting, 2);
    EXPECT_EQ(progress.outdated, 1);
    EXPECT_EQ(progress.failing, 2);
    EXPECT_FALSE(progress.converged());
    EXPECT_EQ(progress_line("web", progress, 5),
              "web    2/7 updated  1 outdated  2 starting  2 failing");
}

TEST(DeployProgress, SaysWhatTheStartingOnesWaitFor) {
    json pulling_a = row("pi-1", "assigned");
    pulling_a["pulling"] = true;
    pulling_a["pull_done_bytes"] = 30 << 20;
    pulling_a["pull_total_bytes"] = 100 << 20;
    json pulling_b = pulling_a;
    pulling_b["node"] = "pi-2";
    pulling_b["pull_done_bytes"] = 60 << 20;
    json retrying = row("pi-3", "assigned");
    retrying["retry_at_ms"] = 1700000000000;
    ServiceProgress progress =
        summarize_progress(json::array({pulling_a, pulling_b, retrying, row("pi-1", "running")}));
    EXPECT_EQ(progress.starting, 3);
    EXPECT_EQ(progress.pulling, 2);
    EXPECT_EQ(progress.retrying, 1);
    EXPECT_EQ(
        progress_line("db", progress, 2),
        "db  1/4 updated  3 starting  2 pulling (45% of 200 MiB)  1 retrying a failed create");
}

TEST(DeployProgress, PendingReplicasDoNotHoldConvergenceUp) {
    json rows = json::array({row("pi-1", "running"), row("", "pending")});
    ServiceProgress progress = summarize_progress(rows);
    EXPECT_TRUE(progress.converged());
    EXPECT_EQ(progress_line("db", progress, 2), "db  1/1 updated");
    EXPECT_TRUE(summarize_progress(json::object()).converged());
}

TEST(DeployProgress, AnActiveRolloutHoldsConvergenceUpAndAStoppedOneFails) {
    json rows = json::array({row("pi-1", "running"), row("pi-2", "outdated")});
    json updating = {{"rollout", {{"phase", "updating"}, {"message", ""}}}};
    ServiceProgress progress = summarize_progress(rows, updating);
    EXPECT_TRUE(progress.rolling());
    EXPECT_FALSE(progress.converged());
    EXPECT_FALSE(progress.failed());

    json back = {{"rollout", {{"phase", "rolling-back"}, {"message", ""}}}};
    EXPECT_EQ(progress_line("web", summarize_progress(rows, back), 3),
              "web  1/2 updated  1 outdated  rolling back");

    json paused = {{"rollout", {{"phase", "paused"}, {"message", "replica 1 failed: unhealthy"}}}};
    progress = summarize_progress(rows, paused);
    EXPECT_TRUE(progress.failed());
    EXPECT_EQ(progress.rollout_message, "replica 1 failed: unhealthy");

    json finished = {
        {"rollout", {{"phase", "completed"}, {"message", "rollout completed in 9 s"}}}};
    EXPECT_TRUE(summarize_progress(json::array({row("pi-1", "running")}), finished).converged());
}

}  // namespace
}  // namespace edge::ctl

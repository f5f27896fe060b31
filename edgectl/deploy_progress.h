// Deploy progress: what `edgectl deploy` prints while the agents bring a stack to its new
// spec, one line per service such as "web  2/3 updated  1 starting", built from the hub's
// service.ps rows. Pure, so the counting and the lines are tested without a cluster.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace edge::ctl {

struct ServiceProgress {
    int placed = 0;    // replicas with a node (pending ones wait for capacity, not for agents)
    int updated = 0;   // running the current spec, and healthy when the service has a check
    int starting = 0;  // assigned, created, or running with its health check still starting
    int failing = 0;   // exited, dead, restarting, unhealthy or OOM-killed
    int outdated = 0;  // still running the previous spec
    // Of the starting ones: those whose node pulls their image (bytes summed over them), and
    // those whose pull or create failed and waits for its retry.
    int pulling = 0;
    int64_t pull_done_bytes = 0;
    int64_t pull_total_bytes = 0;
    int retrying = 0;
    // The service's rolling update, from its service.ls row: "" when it never had one, else
    // updating, rolling-back, paused, completed or rolled-back (core/reconcile/rollout.h).
    std::string rollout_phase;
    std::string rollout_message;
    bool rolling() const { return rollout_phase == "updating" || rollout_phase == "rolling-back"; }
    bool converged() const { return updated == placed && !rolling(); }
    // A rollout that stopped short: paused after failures, or rolled back. Its message says why.
    bool failed() const { return rollout_phase == "paused" || rollout_phase == "rolled-back"; }
};

// Counts the replicas of one service's service.ps rows; `service_row` is its service.ls row,
// for the rollout (null when unknown).
ServiceProgress summarize_progress(const nlohmann::json& rows,
                                   const nlohmann::json& service_row = nullptr);

// "web  2/3 updated  1 starting  1 failing", with "  1 pulling (45% of 120 MiB)" and
// "  1 retrying a failed create" among the starting ones, and "  rolling back" or "  paused"
// while the rollout is in either; the name is padded to `name_width`.
std::string progress_line(const std::string& service, const ServiceProgress& progress,
                          size_t name_width);

}  // namespace edge::ctl

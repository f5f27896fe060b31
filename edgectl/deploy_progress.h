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
    bool converged() const { return updated == placed; }
};

// Counts the replicas of one service's service.ps rows.
ServiceProgress summarize_progress(const nlohmann::json& rows);

// "web  2/3 updated  1 starting  1 failing"; the name is padded to `name_width`.
std::string progress_line(const std::string& service, const ServiceProgress& progress,
                          size_t name_width);

}  // namespace edge::ctl

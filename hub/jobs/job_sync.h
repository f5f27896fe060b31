// Keeps the hub's job records (ClusterState::jobs) in step with the deployed stacks: a job
// service deployed for the first time gets a record, one removed loses it with its history, and
// a changed schedule starts counting occurrences from the change. A one-off job (one with no
// schedule) runs when it is first deployed and again whenever a deploy changes its container,
// as Swarm runs a replicated-job on each service update.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hub/store/store.h"

namespace edge {

// What a deploy of the job changes: its container, and its schedule with its zone.
std::string job_deploy_key(const std::string& stack, const ServiceSpec& spec);

struct JobSync {
    bool changed = false;
    std::vector<std::string> run_now;  // job keys of one-off jobs deployed or changed
};

JobSync sync_jobs(ClusterState& state, int64_t now_ms);

}  // namespace edge

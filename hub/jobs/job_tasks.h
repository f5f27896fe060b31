// A job run's containers (its tasks, docs/jobs.md): where an attempt's containers go, and which
// of the running ones have ended, from the nodes' reports. Job containers are ReplicaRecords
// with job_run set; their replica numbers are the lowest free for the job, so a job that runs
// one container at a time keeps reusing replica 0, and each attempt's spec hash (which holds
// the run and attempt) makes the agent create a fresh container for it.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job_run.h"
#include "core/placement/placement.h"
#include "hub/state/observed_state.h"
#include "hub/store/store.h"

namespace edge {

// Creating a job's container failed this many times in a row: the attempt fails.
inline constexpr int kJobCreateAttempts = 3;

// The containers of attempt `attempt` of run `run_id`, placed on nodes (`deploy.replicas` of
// them, or one on each eligible node for a global job) next to everything already placed, or
// why they cannot all be placed now.
Result<std::vector<ReplicaRecord>> place_job_attempt(const ClusterState& state,
                                                     const PlacementConfig& config,
                                                     const std::string& stack,
                                                     const ServiceSpec& spec, int64_t run_id,
                                                     int attempt, int64_t now_ms);

// A job container that ended: exited, or lost with its node.
struct JobTaskEnd {
    ReplicaKey key;
    std::string node;
    int64_t run_id = 0;
    JobAttemptOutcome outcome;
    bool succeeded() const { return outcome.exit_code == 0 && outcome.reason.empty(); }
};

// The job containers of `state` that ended, from the latest reports: exited with their
// attempt's spec hash, never created (kJobCreateAttempts failures), or on a node that is down.
std::vector<JobTaskEnd> ended_job_tasks(const ClusterState& state, const ObservedState& observed);

}  // namespace edge

// The job driver (docs/jobs.md): applies the run state machine of every job
// (core/jobs/job_runs.h) to the hub's state. Each pass, on the hub's tick:
//   1. syncs the job records with the deployed stacks (job_sync.h), asking a run of each
//      one-off job that was deployed or changed;
//   2. ends the attempts whose containers ended (job_tasks.h): one failed container fails the
//      attempt and stops the others; the last one to succeed ends it;
//   3. applies each job's decision: stores planned and missed runs, starts attempts (placing
//      their containers), stops runs past their deadline, trims the history.
// Everything a pass changes is committed in one transaction before any node hears of it, and a
// run is started only from a record already stored as planned, so a hub killed at any moment
// never starts the same occurrence twice.
// Thread-safety: none; called from the hub's worker thread.
#pragma once

#include <string>

#include "hub/jobs/job_policies.h"
#include "hub/state/transition.h"

namespace edge {

Result<Outcome> drive_jobs(HandlerContext& ctx, JobPolicies& policies);

// Asks for a run of the job now (`edgectl job run`): stores it planned (the next pass starts
// it), stopping active runs first under concurrency "replace". Returns the run's id; an error
// when there is no such job, or a run is active under "forbid".
Result<int64_t> request_run_now(HandlerContext& ctx, JobPolicies& policies,
                                const std::string& stack, const std::string& service,
                                Outcome& outcome);

}  // namespace edge

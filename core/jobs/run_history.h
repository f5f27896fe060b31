// Which stored runs of a job to delete so that its history keeps the newest `history` runs.
// Active runs are never deleted (their containers still report to them), nor is the newest
// scheduled run: it marks the last occurrence handled, and without it the scheduler could take
// an old occurrence for a new one after a series of on-demand runs. Pure.
#pragma once

#include <cstdint>
#include <vector>

#include "core/jobs/job_run.h"

namespace edge {

// `adding`: runs about to be stored (no ids yet), newer than all of `runs`; they count toward
// the history already.
std::vector<int64_t> job_runs_to_delete(const std::vector<JobRun>& runs, int history,
                                        const std::vector<JobRun>& adding = {});

}  // namespace edge

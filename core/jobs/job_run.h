// One run of a job as the hub stores it, and the steps of its life. A run is created "planned"
// and stored before anything starts it (durable before visible), so an occurrence the hub
// crashed while starting is found planned on restart and started once, never twice. Each step
// is a pure function from the stored record to the record to store next.
//
//   planned ──start──▶ running ──exit 0──▶ succeeded
//      │                 │  ▲
//      │                 │  └──start── retry-wait ◀──exit ≠ 0, retries left──┘
//      │                 └──exit ≠ 0, no retries left, or stopped──▶ failed
//      └──past its starting deadline──▶ missed  (also stored directly for an occurrence that
//                                                  was never planned)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/jobs/job_policy.h"

namespace edge {

enum class JobRunState { kPlanned, kRunning, kRetryWait, kSucceeded, kFailed, kMissed };
enum class JobRunTrigger { kSchedule, kOnDemand };  // on demand: `edgectl job run`, a deploy

std::string_view job_run_state_name(JobRunState state);
std::optional<JobRunState> job_run_state_from(std::string_view name);
std::string_view job_run_trigger_name(JobRunTrigger trigger);  // "schedule", "on-demand"
std::optional<JobRunTrigger> job_run_trigger_from(std::string_view name);
// Planned, running or waiting for a retry: the run is not over.
bool job_run_active(JobRunState state);

struct JobRun {
    int64_t id = 0;  // given by the store when the planned run is stored; grows with each run
    JobRunTrigger trigger = JobRunTrigger::kSchedule;
    // The occurrence a scheduled run is for (at most one run per occurrence), or when an
    // on-demand run was asked for.
    int64_t occurrence_ms = 0;
    JobRunState state = JobRunState::kPlanned;
    int attempts = 0;        // attempts started
    int64_t started_ms = 0;  // start of the first attempt
    int64_t attempt_started_ms = 0;
    int64_t retry_at_ms = 0;       // retry-wait: when the next attempt may start
    int64_t ended_ms = 0;          // succeeded, failed, missed
    std::optional<int> exit_code;  // of the last attempt that exited
    // Why it failed or was missed: "exit code 2", "oom-killed", "node went down", "deadline",
    // "replaced", or why the occurrence was missed.
    std::string reason;
    bool operator==(const JobRun&) const = default;
};

// How an attempt ended, from the agent's report or the hub's view of the node.
struct JobAttemptOutcome {
    std::optional<int> exit_code;  // none: the container never reported one (node lost)
    std::string reason;            // empty: "exit code N"
};

JobRun planned_job_run(JobRunTrigger trigger, int64_t occurrence_ms);
JobRun missed_job_run(int64_t occurrence_ms, std::string reason, int64_t now_ms);
// The next attempt starts now (from planned or retry-wait).
JobRun job_attempt_started(JobRun run, int64_t now_ms);
// The current attempt ended: success, a retry after the backoff, or the run's failure.
JobRun job_attempt_ended(JobRun run, const JobAttemptOutcome& outcome, const JobRetryPolicy& retry,
                         int64_t now_ms);
// The run was stopped (deadline, replaced) and failed with that reason.
JobRun job_run_stopped(JobRun run, std::string reason, int64_t now_ms);
// A planned run found past its starting deadline: it never started and never will.
JobRun job_run_missed(JobRun run, std::string reason, int64_t now_ms);

}  // namespace edge
